// Loaded with `node --import` into the CLI under test: on exit, writes the
// process's peak resident set size (kilobytes) where AMLPF_MAX_RSS_FILE says.
import { writeFileSync } from 'node:fs';

const file = process.env.AMLPF_MAX_RSS_FILE;
if (file) process.once('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
