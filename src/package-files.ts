import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The files the tool ships beside its code (package.json, rules/, schema/, deploy/).
// From a checkout or an npm install they are files next to src/ or dist/ (both sit
// at the same depth); in the single executable they are embedded as SEA assets,
// keyed by their path, with an index asset that lists them (scripts/build-binary.ts).
/** The asset that lists every embedded package file. */
export const SEA_INDEX_KEY = 'package-files.json';

type Sea = { isSea(): boolean; getAsset(key: string, encoding: 'utf8'): string };
const sea = process.getBuiltinModule?.('node:sea') as Sea | undefined;
const embedded = sea?.isSea() ? new Set<string>(JSON.parse(sea.getAsset(SEA_INDEX_KEY, 'utf8')) as string[]) : undefined;

export const packagePath = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export function readPackageText(relative: string): string {
  if (embedded) return sea!.getAsset(relative, 'utf8');
  return readFileSync(packagePath(relative), 'utf8');
}

export const readPackageJson = <T = unknown>(relative: string): T => JSON.parse(readPackageText(relative)) as T;

/** The names of the files in one shipped folder, such as rules/. */
export function listPackageDir(dir: string): string[] {
  if (embedded)
    return [...embedded]
      .filter((k) => k.startsWith(`${dir}/`) && !k.slice(dir.length + 1).includes('/'))
      .map((k) => k.slice(dir.length + 1));
  return readdirSync(packagePath(dir));
}
