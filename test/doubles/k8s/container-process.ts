// The double's container runtime: runs a pod's container as a local process the
// way the kubelet would start it — its command and args, env with the downward
// API resolved, KUBERNETES_SERVICE_HOST/PORT, the service account token and
// config map volumes at their mount paths, the securityContext's user and a
// read-only root filesystem. With root and unshare(1) that happens for real in
// a private mount namespace; without, paths are remapped and the token handed
// over as a kubeconfig (KUBECONFIG), which the in-pod code also honours.
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { KubeApiDouble } from './server.ts';
import { typeOfObject } from './resources.ts';
import type { StoredObject } from './store.ts';
import type { ContainerExit } from './workloads.ts';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const CONFIG_MAP = typeOfObject('v1', 'ConfigMap')!;
const SECRET = typeOfObject('v1', 'Secret')!;

interface ContainerSpec {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: { runAsUser?: number; runAsGroup?: number; readOnlyRootFilesystem?: boolean };
}
interface PodSpec {
  containers: ContainerSpec[];
  volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string }; emptyDir?: object }[];
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsUser?: number; runAsGroup?: number };
  nodeName?: string;
}

export interface ProcessRuntimeOptions {
  api: KubeApiDouble;
  /** The image's ENTRYPOINT, used when the container sets no command. */
  entrypoint: string[];
  /** The image's USER, used when no securityContext sets one. */
  imageUser?: number;
  /** Environment a node adds (a node pool whose subnet goes through a proxy, say). */
  nodeEnv?: (node: StoredObject) => Record<string, string>;
  isolate?: boolean;
  timeoutMs?: number;
}

/** Whether containers can run in their own mount namespace as another user. */
export function canIsolate(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', 'setpriv', '--reuid=65532', '--regid=65532', '--clear-groups', 'true'],
    { stdio: 'ignore' },
  );
  return probe.status === 0;
}

function fieldOf(pod: StoredObject, path: string): string {
  const spec = pod.spec as PodSpec;
  const status = (pod.status ?? {}) as { podIP?: string; hostIP?: string };
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': spec.nodeName,
    'spec.serviceAccountName': spec.serviceAccountName ?? 'default',
    'status.podIP': status.podIP,
    'status.hostIP': status.hostIP,
  };
  return fields[path] ?? '';
}

export function processRuntime(options: ProcessRuntimeOptions) {
  const isolate = options.isolate ?? canIsolate();
  return async (pod: StoredObject, node: StoredObject, signal: AbortSignal): Promise<ContainerExit> => {
    const spec = pod.spec as PodSpec;
    const container = spec.containers[0];
    const ns = pod.metadata.namespace!;
    const sandbox = mkdtempSync(join(tmpdir(), 'kube-double-pod-'));
    chmodSync(sandbox, 0o755);
    const mounts: { source: string; target: string; readOnly: boolean }[] = [];
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: '/home/nonroot',
      HOSTNAME: pod.metadata.name,
      KUBERNETES_SERVICE_HOST: options.api.host,
      KUBERNETES_SERVICE_PORT: String(options.api.port),
      ...options.nodeEnv?.(node),
    };
    for (const e of container.env ?? [])
      env[e.name] = e.value ?? (e.valueFrom?.fieldRef ? fieldOf(pod, e.valueFrom.fieldRef.fieldPath) : '');

    if (spec.automountServiceAccountToken !== false) {
      const dir = join(sandbox, 'serviceaccount');
      mkdirSync(dir, { mode: 0o755 });
      const token = options.api.serviceAccountToken(ns, spec.serviceAccountName ?? 'default');
      writeFileSync(join(dir, 'token'), token, { mode: 0o644 });
      writeFileSync(join(dir, 'ca.crt'), options.api.caPem, { mode: 0o644 });
      writeFileSync(join(dir, 'namespace'), ns, { mode: 0o644 });
      mounts.push({ source: dir, target: SERVICE_ACCOUNT_DIR, readOnly: true });
      if (!isolate) env.KUBECONFIG = options.api.writeKubeconfig(sandbox, token, { context: 'in-cluster' });
    }
    for (const m of container.volumeMounts ?? []) {
      const volume = spec.volumes?.find((v) => v.name === m.name);
      const dir = join(sandbox, `volume-${m.name}`);
      mkdirSync(dir, { mode: 0o755 });
      if (volume?.configMap) {
        const cm = options.api.store.get(CONFIG_MAP, ns, volume.configMap.name);
        for (const [key, value] of Object.entries((cm.data as Record<string, string> | undefined) ?? {}))
          writeFileSync(join(dir, key), value, { mode: 0o644 });
      } else if (volume?.secret) {
        // As the kubelet does: data is base64 on the wire, each key a file.
        const secret = options.api.store.get(SECRET, ns, volume.secret.secretName);
        for (const [key, value] of Object.entries((secret.data as Record<string, string> | undefined) ?? {}))
          writeFileSync(join(dir, key), Buffer.from(value, 'base64'), { mode: 0o644 });
      } else chmodSync(dir, 0o777);
      mounts.push({ source: dir, target: m.mountPath, readOnly: !!m.readOnly || !!volume?.configMap || !!volume?.secret });
    }

    const uid = container.securityContext?.runAsUser ?? spec.securityContext?.runAsUser ?? options.imageUser ?? 65532;
    const gid = container.securityContext?.runAsGroup ?? spec.securityContext?.runAsGroup ?? uid;
    let command = [...(container.command ?? options.entrypoint), ...(container.args ?? [])];
    let child: ChildProcessByStdio<null, Readable, Readable>;
    if (isolate) {
      const script = [
        ...mounts.flatMap((m, i) => [
          `mkdir -p "$M${i}"`,
          `mount --bind "$S${i}" "$M${i}"`,
          ...(m.readOnly ? [`mount -o remount,bind,ro "$M${i}"`] : []),
        ]),
        ...(container.securityContext?.readOnlyRootFilesystem ? ['mount -o remount,bind,ro /'] : []),
        `exec setpriv --reuid=${uid} --regid=${gid} --clear-groups --no-new-privs -- "$@"`,
      ].join(' && ');
      const mountEnv = Object.fromEntries(
        mounts.flatMap((m, i) => [
          [`S${i}`, m.source],
          [`M${i}`, m.target],
        ]),
      );
      child = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', script, 'sh', ...command], {
        env: { ...env, ...mountEnv },
        cwd: '/',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } else {
      // Without a mount namespace, point the container at its volumes where they really are.
      command = command.map((arg) => mounts.reduce((a, m) => (a.startsWith(m.target) ? m.source + a.slice(m.target.length) : a), arg));
      child = spawn(command[0], command.slice(1), { env, cwd: sandbox, stdio: ['ignore', 'pipe', 'pipe'] });
    }
    let logs = '';
    child.stdout.on('data', (d) => (logs += d));
    child.stderr.on('data', (d) => (logs += d));
    const kill = () => child.kill('SIGKILL');
    signal.addEventListener('abort', kill, { once: true });
    const timer = setTimeout(kill, options.timeoutMs ?? 120_000);
    const exitCode = await new Promise<number>((resolve) => child.on('close', (code, sig) => resolve(code ?? (sig ? 137 : 1))));
    clearTimeout(timer);
    signal.removeEventListener('abort', kill);
    rmSync(sandbox, { recursive: true, force: true });
    return { logs, exitCode, reason: exitCode === 0 ? 'Completed' : exitCode === 137 ? 'OOMKilled' : 'Error' };
  };
}
