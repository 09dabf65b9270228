// Offline audits read what `kubectl get ... -o yaml` (or -o json) printed:
// single objects, multi-document streams and List objects, from a file or
// every .yaml/.yml/.json file of a directory.
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../errors.ts';
import { readInputFile } from '../io/input-file.ts';
import type { KubeObject } from '../kube/objects.ts';
import { snapshotOf, SNAPSHOT_KINDS, type ClusterSnapshot } from './snapshot.ts';

const DUMP_FILE = /\.(ya?ml|json)$/i;

function filesOf(path: string): string[] {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (e) {
    throw new InputError(`--from-manifests: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!stat.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => DUMP_FILE.test(f))
    .sort()
    .map((f) => join(path, f));
  if (!files.length) throw new InputError(`--from-manifests: ${path} holds no .yaml, .yml or .json file`);
  return files;
}

/** Every object of one file, List items flattened. */
export function objectsOfFile(file: string, text = readInputFile(file, 'manifests')): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: true })) {
    if (!('errors' in doc)) continue;
    if (doc.errors.length) {
      const e = doc.errors[0];
      const where = e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
      throw new InputError(`${file}: not valid YAML${where}: ${e.message.split('\n')[0]}`);
    }
    collect(doc.toJS({ maxAliasCount: 100 }), objects);
  }
  return objects;
}

function collect(value: unknown, into: KubeObject[]): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const o = value as KubeObject & { items?: unknown };
  // `kubectl get a,b -o yaml` prints a List; its items carry their own kind.
  if (Array.isArray(o.items) && (o.kind === 'List' || o.kind?.endsWith('List'))) {
    const itemKind = o.kind === 'List' ? undefined : o.kind.slice(0, -'List'.length);
    for (const item of o.items)
      collect(item && typeof item === 'object' && itemKind && !(item as KubeObject).kind ? { ...item, kind: itemKind } : item, into);
    return;
  }
  if (typeof o.kind === 'string' && o.metadata) into.push(o);
}

export function loadManifests(paths: string[]): { snapshot: ClusterSnapshot; files: string[] } {
  const files = paths.flatMap(filesOf);
  const objects = files.flatMap((f) => {
    try {
      return objectsOfFile(f);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${f}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
  const { snapshot } = snapshotOf(objects, files.join(', '));
  const used = SNAPSHOT_KINDS.length - Object.values(snapshot).filter((v) => Array.isArray(v) && v.length === 0).length;
  if (used === 0) {
    throw new InputError(
      `--from-manifests: no ${SNAPSHOT_KINDS.join(', ')} objects in ${files.join(', ')} (dump them with: kubectl get nodes,deployments,pods,daemonsets,hpa,configmaps -A -o yaml)`,
    );
  }
  return { snapshot, files };
}
