// API discovery (GET /apis, the APIGroupList) in front of the Kubernetes API
// double, which does not serve it yet: answers /apis from the double's own
// resource table (less the groups a test says are not installed) and passes
// every other request through. Drop this once the double serves discovery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { servingCert } from '../doubles/k8s/certs.ts';
import { RESOURCE_TYPES, type KubeApiDouble } from '../doubles/k8s/index.ts';

export interface DiscoveryFront {
  url: string;
  caPem: string;
  /** Groups to leave out of discovery, as if their CRDs were not installed. */
  hidden: Set<string>;
  kubeconfig(token: string): string;
  stop(): Promise<void>;
}

export async function startDiscoveryFront(api: KubeApiDouble): Promise<DiscoveryFront> {
  const cert = await servingCert(['127.0.0.1']);
  const hidden = new Set<string>();
  const groupList = () => {
    const groups = new Map<string, Set<string>>();
    for (const t of RESOURCE_TYPES) if (t.group && !hidden.has(t.group)) groups.set(t.group, (groups.get(t.group) ?? new Set()).add(t.version));
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => {
        const list = [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
        return { name, versions: list, preferredVersion: list[0] };
      }),
    };
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/apis') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(groupList()));
    }
    const upstream = request({ host: '127.0.0.1', port: api.port, path: req.url, method: req.method, headers: req.headers, ca: api.caPem, servername: 'localhost' }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  };
  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    caPem: cert.caPem,
    hidden,
    kubeconfig: (token) =>
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: double\n  cluster:\n    server: ${url}\n    certificate-authority-data: ${Buffer.from(cert.caPem).toString('base64')}`,
        'users:',
        `- name: tester\n  user:\n    token: ${token}`,
        'contexts:',
        '- name: double\n  context:\n    cluster: double\n    user: tester\n    namespace: aml-preflight',
        'current-context: double',
        '',
      ].join('\n'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
