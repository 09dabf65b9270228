// Loaded with `node --import` into a process the bench measures: on exit,
// writes its peak RSS (KiB) and CPU time (ms) as JSON where AMLPF_USAGE_FILE says.
// Plain JavaScript: a TypeScript hook would load Node's type stripper into the
// measured process (about 40 ms and 10 MB) before the checker's compile cache
// could spare it that.
import { writeFileSync } from 'node:fs';

const file = process.env.AMLPF_USAGE_FILE;
if (file) {
  process.once('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) }));
  });
}
