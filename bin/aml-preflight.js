#!/usr/bin/env node
// A checkout runs the TypeScript sources directly (Node >= 22.18 strips types);
// the published package ships them compiled to dist/.
import { existsSync } from 'node:fs';

const fromSource = existsSync(new URL('../src/cli.ts', import.meta.url));
const { main, reportError } = await import(fromSource ? '../src/cli.ts' : '../dist/cli.js');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.exitCode = reportError(e);
}
