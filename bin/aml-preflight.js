#!/usr/bin/env node
// A checkout runs the TypeScript sources directly (Node strips types);
// the published package ships them compiled to dist/.
// This file is the first thing that runs, on whatever Node the machine has: it checks
// the version before importing anything else, in syntax every old Node still parses.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';

const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
const required = engines
  .replace(/^>=\s*/, '')
  .split('.')
  .map(Number);
const found = process.versions.node.split('.').map(Number);
const tooOld = found[0] !== required[0] ? found[0] < required[0] : (found[1] || 0) < (required[1] || 0);
if (tooOld) {
  process.stderr.write(
    `aml-preflight: Node ${process.versions.node} is too old: aml-preflight needs Node ${engines} (see https://nodejs.org)\n`,
  );
  process.exit(3);
}

// V8's compile cache (and, from source, the stripped TypeScript) kept between runs in the
// system's temporary folder: a second run skips compiling what it imports (Node 22.1+).
if (module.enableCompileCache) module.enableCompileCache();

const fromSource = existsSync(new URL('../src/cli.ts', import.meta.url));
const { main, reportError } = await import(fromSource ? '../src/cli.ts' : '../dist/cli.js');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.exitCode = reportError(e);
}
