// Two network namespaces joined by a veth pair: the cluster's node (where the
// checker runs) and "Azure" (origins and the custom DNS server), with an
// nftables firewall in front of Azure. Nothing here can reach the machine's
// real network, so no packet leaves it. Names are amlpf-real-<pid>-*, so a
// crashed run's leftovers are recognised (their pid is gone) and removed.
import { execFile } from 'node:child_process';

export const CLIENT_ADDRESS = '198.18.0.1';
export const AZURE_PREFIX = '198.18.0';

export interface Namespaces {
  client: string;
  azure: string;
  /** Replace the firewall's rules (nft rule statements for the input chain of the Azure side). */
  setFirewall(rules: string[]): Promise<void>;
  destroy(): Promise<void>;
}

export function run(command: string, args: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function deleteNamespace(name: string): Promise<void> {
  // Processes left inside keep a namespace alive: they are ours (a test started them).
  const pids = (await run('ip', ['netns', 'pids', name]).catch(() => '')).split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await run('ip', ['netns', 'del', name]).catch(() => {});
}

/** Leftovers of runs whose process died before their `after` hook. */
async function removeStale(): Promise<void> {
  const names = (await run('ip', ['netns', 'list']))
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter(Boolean);
  for (const name of names) {
    const m = /^amlpf-real-(\d+)-/.exec(name);
    if (m && !pidAlive(Number(m[1]))) await deleteNamespace(name);
  }
}

export async function createNamespaces(tag: string, azureAddresses: string[]): Promise<Namespaces> {
  await removeStale();
  const client = `amlpf-real-${process.pid}-${tag}-client`;
  const azure = `amlpf-real-${process.pid}-${tag}-azure`;
  const destroy = async (): Promise<void> => {
    await Promise.all([deleteNamespace(client), deleteNamespace(azure)]);
  };
  try {
    await run('ip', ['netns', 'add', client]);
    await run('ip', ['netns', 'add', azure]);
    // Both ends are created inside their namespaces: no name is ever taken in the host's.
    await run('ip', ['link', 'add', 'node0', 'netns', client, 'type', 'veth', 'peer', 'name', 'azure0', 'netns', azure]);
    await run('ip', ['-n', client, 'addr', 'add', `${CLIENT_ADDRESS}/24`, 'dev', 'node0']);
    for (const address of [`${AZURE_PREFIX}.2`, ...azureAddresses])
      await run('ip', ['-n', azure, 'addr', 'add', `${address}/24`, 'dev', 'azure0']);
    for (const [ns, dev] of [
      [client, 'node0'],
      [azure, 'azure0'],
      [client, 'lo'],
      [azure, 'lo'],
    ] as const)
      await run('ip', ['-n', ns, 'link', 'set', dev, 'up']);
  } catch (e) {
    await destroy();
    throw e;
  }
  const setFirewall = async (rules: string[]): Promise<void> => {
    // Declare, flush, refill: one atomic nft transaction.
    const ruleset = [
      'table inet amlpf_real {}',
      'flush table inet amlpf_real',
      'table inet amlpf_real {',
      '  chain input {',
      '    type filter hook input priority 0; policy accept;',
      ...rules.map((r) => `    ${r}`),
      '  }',
      '}',
      '',
    ].join('\n');
    await new Promise<void>((resolve, reject) => {
      const child = execFile('ip', ['netns', 'exec', azure, 'nft', '-f', '-'], { timeout: 10_000 }, (error, _out, stderr) =>
        error ? reject(new Error(`nft: ${stderr.trim() || error.message}\n${ruleset}`)) : resolve(),
      );
      child.stdin!.end(ruleset);
    });
  };
  return { client, azure, setFirewall, destroy };
}
