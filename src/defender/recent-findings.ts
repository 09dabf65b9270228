// When was each running digest last scanned? One Resource Graph query for all
// of them, so --max-age can skip images whose findings are fresh.
import type { QueryResponse } from '@azure/arm-resourcegraph';
import { azureErrorLine, clientOptions, requestOptions, type AzureConnection } from './azure.ts';
import { lastScanQuery } from './findings-query.ts';

const BATCH = 200;

export async function lastScans(conn: AzureConnection, digests: string[]): Promise<Map<string, { lastScan: string; findings: number }>> {
  const { ResourceGraphClient } = await import('@azure/arm-resourcegraph');
  const client = new ResourceGraphClient(conn.credential, clientOptions(conn));
  const out = new Map<string, { lastScan: string; findings: number }>();
  const unique = [...new Set(digests)];
  for (let i = 0; i < unique.length; i += BATCH) {
    let skipToken: string | undefined;
    do {
      let page: QueryResponse;
      try {
        page = await client.resources(
          {
            subscriptions: [conn.subscriptionId],
            query: lastScanQuery(unique.slice(i, i + BATCH)),
            options: { resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
          },
          requestOptions(conn),
        );
      } catch (e) {
        throw new Error(azureErrorLine(e, 'cannot query Resource Graph for recent findings'));
      }
      for (const row of (page.data ?? []) as { digest?: string; lastScan?: string; findings?: number }[]) {
        if (row.digest && row.lastScan) out.set(row.digest, { lastScan: row.lastScan, findings: Number(row.findings ?? 0) });
      }
      skipToken = page.skipToken;
    } while (skipToken);
  }
  return out;
}
