// Loaded with `node --import` into a process the bench measures: on exit,
// writes its peak RSS (KiB) and CPU time (ms) as JSON where AMLPF_USAGE_FILE says.
import { writeFileSync } from 'node:fs';

const file = process.env.AMLPF_USAGE_FILE;
if (file) {
  process.once('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) }));
  });
}
