// Run inside the "Azure" network namespace (ip netns exec … node azure-side.ts
// SPEC): the origins of every host on their own addresses, with a CA of this
// process's own whose certificate it writes where the spec says. Prints
// "ready" once every origin listens; stops on SIGTERM.
import { readFileSync, writeFileSync } from 'node:fs';
import { createCa } from '../../../src/lab/ca.ts';
import { startOrigins, type OriginSpec } from './origins.ts';

export interface AzureSideSpec {
  caFile: string;
  origins: OriginSpec[];
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as AzureSideSpec;
const ca = await createCa('AML Preflight Real Lab CA', 'aml-preflight real lab');
writeFileSync(spec.caFile, ca.certPem, { mode: 0o644 });
const origins = await startOrigins(spec.origins, ca);
process.on('SIGTERM', () => {
  void origins.stop().then(() => process.exit(0));
});
console.log('ready');
