import { readPackageJson } from './package-files.ts';

const pkg = readPackageJson<{ name: string; version: string }>('package.json');

export const TOOL = { name: pkg.name, version: pkg.version };
