import { runCli } from '../helpers/cli.ts';

/** `aml-preflight audit ARGS` as a user runs it, outside any pod and with no ambient kubeconfig. */
export const runAudit = (args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) =>
  runCli(['audit', ...args], {
    timeoutMs: options.timeoutMs ?? 60_000,
    env: { KUBERNETES_SERVICE_HOST: '', KUBECONFIG: '', ...options.env },
  });
