// Discovery: live ARM (or a snapshot file) → snapshot → one profile per target.
// The live read only fills a snapshot; the profiles come from the snapshot by
// pure code, so --azure-snapshot runs exactly the same derivation offline.
import { loadCatalog } from '../../catalog/load.ts';
import type { Catalog } from '../../catalog/types.ts';
import type { TokenCredential } from '../../defender/azure.ts';
import { redact } from '../../report/redact.ts';
import { readSnapshot, Snapshot } from '../snapshot.ts';
import type { DiscoveryRoot } from './model.ts';
import { targetsFromSnapshot, type DiscoveredTarget, type ListedHost } from './profile-from-snapshot.ts';
import { unlistedHosts, unlistedLine } from './unlisted-hosts.ts';

export interface DiscoverOptions {
  root: DiscoveryRoot;
  /** Read this snapshot file instead of ARM. */
  snapshotFile?: string;
  /** ARM endpoint (default management.azure.com). */
  endpoint?: string;
  /** Deadline of each ARM request. */
  timeoutMs: number;
  /** Tests may inject one; otherwise DefaultAzureCredential. */
  credential?: TokenCredential;
  catalog?: Catalog;
}

export interface Discovery {
  snapshot: Snapshot;
  /** unlistedHosts: what Azure lists that no catalog requirement covers; unlisted: the same as warning lines. */
  targets: (DiscoveredTarget & { unlistedHosts: ListedHost[]; unlisted: string[] })[];
  /** Resources that could not be read (403, or referenced but absent), one line each. */
  gaps: string[];
}

export async function discover(options: DiscoverOptions): Promise<Discovery> {
  let snapshot: Snapshot;
  let gaps: string[] = [];
  if (options.snapshotFile) {
    snapshot = readSnapshot(options.snapshotFile);
  } else {
    const [{ liveArmSource }, { readTarget }, { defaultCredential }] = await Promise.all([
      import('./arm-source.ts'),
      import('./read-target.ts'),
      import('../../defender/azure.ts'),
    ]);
    const source = liveArmSource({
      credential: options.credential ?? (await defaultCredential()),
      endpoint: options.endpoint,
      timeoutMs: options.timeoutMs,
    });
    const read = await readTarget(source, options.root);
    // What ARM returns may hold secrets (a Kubernetes compute's relay connection string): hidden before anything keeps it.
    snapshot = new Snapshot(redact(read.resources));
    gaps = read.gaps;
  }
  const catalog = options.catalog ?? loadCatalog();
  const targets = targetsFromSnapshot(snapshot, options.root).map((t) => {
    const hosts = unlistedHosts(catalog, t.profile, t.azureListed);
    return { ...t, unlistedHosts: hosts, unlisted: hosts.map(unlistedLine) };
  });
  return { snapshot, targets, gaps };
}
