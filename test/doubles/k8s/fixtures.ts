import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { StoredObject } from './store.ts';

/** Objects from YAML manifests (multi-document, List objects flattened), ${NAME} replaced from `vars`, to load into the store. */
export function loadFixtures(files: string[], vars: Record<string, string | number> = {}): Partial<StoredObject>[] {
  const out: Partial<StoredObject>[] = [];
  const add = (o: unknown) => {
    if (!o || typeof o !== 'object') return;
    const obj = o as Partial<StoredObject> & { items?: unknown[] };
    if (obj.kind === 'List' && Array.isArray(obj.items)) obj.items.forEach(add);
    else if (obj.kind) out.push(obj);
  };
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/\$\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
    for (const doc of parseAllDocuments(text)) if ('toJS' in doc) add(doc.toJS());
  }
  return out;
}
