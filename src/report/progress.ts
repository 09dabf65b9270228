// The live line on a terminal while checks run: "router-run 14/36 checks,
// 3 failing, 2.1 s". Only when standard error is a terminal and not in CI, so
// logs and pipes never get it; the line is erased before the report prints.
import type { CheckResult } from '../types.ts';
import { writeStatusLine } from './terminal-text.ts';

export interface Progress {
  onCheckDone(result: CheckResult, progress: { done: number; total: number }): void;
  /** Erases the line; the report follows on a clean line. */
  stop(): void;
}

/** Progress lines belong to a person at a terminal: none in CI (CI=true, as every CI sets it) or through a pipe. */
export function wantsProgress(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  const ci = (env.CI ?? '').toLowerCase();
  return !!stream.isTTY && (ci === '' || ci === 'false' || ci === '0');
}

export function startProgress(
  options: { stream?: NodeJS.WriteStream; env?: NodeJS.ProcessEnv; refreshMs?: number } = {},
): Progress | undefined {
  const stream = options.stream ?? process.stderr;
  if (!wantsProgress(stream, options.env ?? process.env)) return undefined;
  const started = performance.now();
  let phase = 'starting';
  let done = 0;
  let total = 0;
  let failing = 0;
  let drawnAt = 0;
  const draw = () => {
    drawnAt = performance.now();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = total ? `${phase} ${done}/${total} checks, ${failing} failing, ${seconds} s` : `starting, ${seconds} s`;
    // Never wider than the terminal: a wrapped line could not be drawn over.
    writeStatusLine(stream, line.slice(0, Math.max(1, (stream.columns || 80) - 1)));
  };
  // The clock moves while a slow check (a blackholed host) holds every other line still.
  const timer = setInterval(draw, options.refreshMs ?? 250);
  timer.unref();
  draw();
  return {
    onCheckDone(result, progress) {
      phase = result.phase;
      done = progress.done;
      total = progress.total;
      if (result.status === 'fail') failing++;
      // A thousand hosts finish four thousand checks: the line is redrawn at most every 50 ms, and for the last.
      const now = performance.now();
      if (now - drawnAt >= 50 || done === total) draw();
    },
    stop() {
      clearInterval(timer);
      writeStatusLine(stream, '');
    },
  };
}

/** Runs checks with the progress line drawn while they run (when a person watches), erased after. */
export async function withProgress<T>(
  run: (onCheckDone: Progress['onCheckDone'] | undefined) => Promise<T>,
  options?: Parameters<typeof startProgress>[0],
): Promise<T> {
  const progress = startProgress(options);
  try {
    return await run(progress?.onCheckDone);
  } finally {
    progress?.stop();
  }
}
