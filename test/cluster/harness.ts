// A cluster for `cluster run` tests: the Kubernetes API double loaded with
// fixtures/cluster.yaml, its Job controller, scheduler and kubelet, listeners
// playing the azureml-fe peers and the model pod, and an admin kubeconfig.
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { assembleReport } from '../../src/report/assemble.ts';
import type { Profile } from '../../src/config/profile.ts';
import type { Lab } from '../../src/lab/lab.ts';
import {
  loadFixtures,
  startKubeApi,
  startWorkloads,
  type ContainerExit,
  type KubeApiDouble,
  type StoredObject,
  type WorkloadOptions,
} from '../doubles/k8s/index.ts';
import { runCli } from '../helpers/cli.ts';

export const FIXTURE = new URL('./fixtures/cluster.yaml', import.meta.url).pathname;
export const IMAGE = 'myacr.azurecr.io/aml-preflight:0.1.0';
export const SYSTEM_NODE = 'aks-system-12345678-vmss000000';
export const GPU_NODE = 'aks-gpu-12345678-vmss000000';

export interface Harness {
  api: KubeApiDouble;
  dir: string;
  kubeconfig: string;
  /** Peers and the model pod: 127.0.0.1 and 127.0.0.2 on this port. */
  port: number;
  writeProfile(profile: Profile): string;
  /**
   * A target whose Internet is the loopback lab and whose AKS API server FQDN
   * leads to this API double (start the harness with that FQDN in `names`);
   * the CA file trusting both is written to `dir`.
   */
  labProfile(lab: Lab): Profile;
  /** aml-preflight cluster run against this cluster. */
  run(args: string[], timeoutMs?: number): ReturnType<typeof runCli>;
  stop(): Promise<void>;
}

/** A TCP listener that accepts and closes at once, as a peer or model pod that answers. */
export async function listen(address: string, port = 0): Promise<net.Server> {
  const server = net.createServer((s) => s.end());
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, address, resolve));
  return server;
}

export async function startHarness(
  options: { names?: string[]; mutate?: (objects: Partial<StoredObject>[]) => Partial<StoredObject>[]; workloads?: WorkloadOptions } = {},
): Promise<Harness> {
  const first = await listen('127.0.0.1');
  const port = (first.address() as net.AddressInfo).port;
  const second = await listen('127.0.0.2', port);
  const objects = loadFixtures([FIXTURE], { PEER_PORT: port, MODEL_PORT: port });
  const api = await startKubeApi({ names: options.names, objects: options.mutate ? options.mutate(objects) : objects });
  const workloads = startWorkloads(api, { stepMs: 10, ...options.workloads });
  const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-cluster-'));
  const kubeconfig = api.writeKubeconfig(dir, api.addUser('admin', ['system:masters']), { context: 'aks-test' });
  return {
    api,
    dir,
    kubeconfig,
    port,
    writeProfile(profile) {
      const file = join(dir, `profile-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, stringify(profile));
      return file;
    },
    labProfile(lab) {
      const fqdn = lab.target.cluster!.apiServerFqdn!;
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, `${lab.caPem.trim()}\n${api.caPem}`);
      return {
        ...lab.target,
        dns: { servers: [lab.dnsServer] },
        connectTo: [...lab.connectTo.filter((c) => !c.startsWith(`${fqdn}:`)), `${fqdn}:443:127.0.0.1:${api.port}`],
        tls: { caFile: ca },
      };
    },
    run: (args, timeoutMs = 60_000) =>
      runCli(['cluster', 'run', '--kubeconfig', kubeconfig, '--image', IMAGE, '--poll', '100', ...args], { timeoutMs }),
    async stop() {
      workloads.stop();
      await api.stop();
      first.close();
      second.close();
    },
  };
}

const envOf = (pod: StoredObject, name: string): string | undefined => {
  const spec = pod.spec as { containers: { env?: { name: string; value?: string }[] }[]; nodeName?: string };
  return spec.containers[0].env?.find((e) => e.name === name)?.value;
};

/** A container that does what the probe does, instantly: a stderr line, then a one-check report as its last line. */
export async function cannedProbe(pod: StoredObject, node: StoredObject): Promise<ContainerExit> {
  const vantage = {
    kind: 'pod' as const,
    host: pod.metadata.name,
    node: node.metadata.name,
    nodePool: envOf(pod, 'AML_PREFLIGHT_NODE_POOL') ?? node.metadata.labels?.agentpool,
  };
  const report = assembleReport(
    [
      {
        id: 'mcr/dns',
        requirement: 'mcr',
        phase: 'router-deploy',
        kind: 'dns',
        host: 'mcr.microsoft.com',
        status: 'pass',
        message: 'resolves',
        durationMs: 1,
        evidence: {},
        vantage,
      },
    ],
    {
      target: {},
      vantage,
      startedAt: new Date(),
      durationMs: 5,
    },
  );
  return { logs: `(node:1) some warning on stderr\n${JSON.stringify(report)}\n`, exitCode: 0 };
}

/** A container that never ends on its own. */
export const hangingProbe = (_pod: StoredObject, _node: StoredObject, signal: AbortSignal): Promise<ContainerExit> =>
  new Promise((resolve) => signal.addEventListener('abort', () => resolve({ logs: '', exitCode: 137 }), { once: true }));
