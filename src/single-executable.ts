// The entry point of the single executable (npm run build:binary). The binary
// carries its own Node, so there is no version to check, unlike bin/aml-preflight.js.
import { main, reportError } from './cli.ts';

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => (process.exitCode = reportError(e)),
);
