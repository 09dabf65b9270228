// --apply: the triggers through ARM instead of a script. Registry lookups by
// login server (so the resource group need not be given), one import at a
// time at a bounded rate (ACR throttles imports), each a long-running
// operation with its own deadline. A failed import is one line and the next
// goes on; an authentication failure stops the run, as every call would fail
// the same way.
import { setTimeout as sleep } from 'node:timers/promises';
import { azureErrorLine, clientOptions, isAuthFailure, requestOptions, type AzureConnection } from './azure.ts';
import type { ImportTrigger } from './triggers.ts';

export interface ApplyOptions {
  conn: AzureConnection;
  /** Imports started per minute at most. */
  ratePerMinute: number;
  /** Deadline of one import, polling included. */
  importTimeoutMs: number;
  /** Long-running operation polling interval (the SDK's default is 2 s; ARM's Retry-After wins when it is longer). */
  pollIntervalMs?: number;
  log: (line: string) => void;
}

export interface ApplyOutcome {
  reference: string;
  status: 'imported' | 'skipped' | 'failed';
  message: string;
}

interface RegistryRef {
  id: string;
  name: string;
  resourceGroup: string;
}

export async function applyTriggers(triggers: ImportTrigger[], options: ApplyOptions): Promise<ApplyOutcome[]> {
  const { ContainerRegistryManagementClient } = await import('@azure/arm-containerregistry');
  const { conn } = options;
  const client = new ContainerRegistryManagementClient(conn.credential, conn.subscriptionId, clientOptions(conn));
  const outcomes: ApplyOutcome[] = [];
  const todo: ImportTrigger[] = [];
  const seen = new Set<string>();
  for (const t of triggers) {
    const key = `${t.registry}/${t.sourceImage}`;
    if (t.skip) outcomes.push({ reference: t.reference, status: 'skipped', message: t.skip.reason });
    else if (seen.has(key)) outcomes.push({ reference: t.reference, status: 'skipped', message: 'same image imported above' });
    else {
      seen.add(key);
      todo.push(t);
    }
  }
  if (!todo.length) return outcomes;

  // Registries of the subscription by login server: the resource id is what import needs.
  const registries = new Map<string, RegistryRef>();
  try {
    for await (const r of client.registries.list(requestOptions(conn))) {
      const rg = /\/resourceGroups\/([^/]+)\//i.exec(r.id ?? '')?.[1];
      if (r.loginServer && r.id && r.name && rg) registries.set(r.loginServer.toLowerCase(), { id: r.id, name: r.name, resourceGroup: rg });
    }
  } catch (e) {
    const line = azureErrorLine(e, `cannot list the container registries of subscription ${conn.subscriptionId}`);
    return [...outcomes, ...todo.map((t) => ({ reference: t.reference, status: 'failed' as const, message: line }))];
  }

  const spacingMs = 60_000 / options.ratePerMinute;
  let lastStart = -Infinity;
  let stopped: string | undefined;
  for (const t of todo) {
    if (stopped) {
      outcomes.push({ reference: t.reference, status: 'failed', message: stopped });
      continue;
    }
    const registry = registries.get(t.registry);
    if (!registry) {
      outcomes.push({
        reference: t.reference,
        status: 'failed',
        message: `registry ${t.registry} is not in subscription ${conn.subscriptionId} (or this identity cannot see it)`,
      });
      continue;
    }
    const wait = lastStart + spacingMs - performance.now();
    if (wait > 0) await sleep(wait);
    lastStart = performance.now();
    try {
      await client.registries.importImage(
        registry.resourceGroup,
        registry.name,
        { source: { resourceId: registry.id, sourceImage: t.sourceImage }, untaggedTargetRepositories: [t.repository], mode: 'NoForce' },
        { abortSignal: AbortSignal.timeout(options.importTimeoutMs), updateIntervalInMs: options.pollIntervalMs },
      );
      outcomes.push({
        reference: t.reference,
        status: 'imported',
        message: `imported into ${registry.name}/${t.repository} (manifest only): Defender scans it`,
      });
      options.log(`imported ${t.reference}`);
    } catch (e) {
      const line = azureErrorLine(e, `import of ${t.reference} failed`);
      outcomes.push({ reference: t.reference, status: 'failed', message: line });
      options.log(line);
      if (isAuthFailure(e)) stopped = `not attempted: ${line}`;
    }
  }
  return outcomes;
}
