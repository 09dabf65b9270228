// Preloaded with --import: appends every module URL the process resolves to
// the file named by TRACE_LOADS, so a test can see what a command loaded.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env.TRACE_LOADS!;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    appendFileSync(out, `${resolved.url}\n`);
    return resolved;
  },
});
