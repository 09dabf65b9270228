import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// src/ and dist/ sit at the same depth, so package files are found from either.
export const packagePath = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export const readPackageJson = <T = unknown>(relative: string): T => JSON.parse(readFileSync(packagePath(relative), 'utf8')) as T;
