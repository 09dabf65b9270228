// npm run build:binary: one file that runs aml-preflight with no Node on the machine.
// The code is bundled with esbuild into one CommonJS script (what Node's single
// executable applications run), the shipped files (rules/, schema/, deploy/,
// package.json) become SEA assets, and the blob is injected with postject into a
// copy of the Node binary that runs this script. Prints the binary's path last.
//
// For another architecture (linux-arm64), run this on that architecture (or under
// qemu-user): the binary is a copy of the Node that runs the build.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'postject';
import { SEA_INDEX_KEY } from '../src/package-files.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist-bin');
const target = `${process.platform}-${process.arch}`;
const binary = join(out, `aml-preflight-${target}`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const bundle = join(out, 'aml-preflight.cjs');
await build({
  entryPoints: [join(root, 'src/single-executable.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  outfile: bundle,
  logLevel: 'error',
  // packagePath() is never reached in the binary: package files come from the assets.
  define: { 'import.meta.url': '"file:///aml-preflight/src/package-files.ts"' },
}).catch(() => process.exit(1)); // esbuild has printed what it could not bundle

const files = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const shipped = ['package.json', ...['rules', 'schema', 'deploy'].flatMap(files)].map((f) => relative(root, join(root, f)));
const index = join(out, SEA_INDEX_KEY);
writeFileSync(index, JSON.stringify(shipped));

const config = join(out, 'sea-config.json');
const blob = join(out, 'sea-prep.blob');
const assets = Object.fromEntries([[SEA_INDEX_KEY, index], ...shipped.map((f) => [f, join(root, f)])]);
writeFileSync(
  config,
  JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, assets }),
);
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });

copyFileSync(process.execPath, binary);
chmodSync(binary, 0o755);
// The Node from npm carries its debug symbols: a third of the binary that never runs.
try {
  execFileSync('strip', ['--strip-debug', binary], { stdio: 'ignore' });
} catch {
  // no binutils here: the binary is just larger
}
await inject(binary, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2' });
for (const f of [bundle, blob, config, index]) rmSync(f);
process.stdout.write(`${binary}\n`);
