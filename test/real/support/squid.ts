// The customer's egress proxy: a real squid on loopback, one http_port per
// policy the tests need (an open allowlist, a strict one, one that answers
// like Azure Firewall's explicit proxy, one that inspects TLS with its own
// CA). It resolves the lab's names from a hosts file, since squid's
// dns_nameservers cannot take a port, and trusts the lab CA towards origins.
import { execFileSync } from 'node:child_process';
import { chownSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';
import { findBinary } from './prerequisites.ts';

export interface ProxyPolicy {
  name: string;
  /** dstdomain entries allowed through. */
  allow: string[];
  /** Hosts refused with Azure Firewall's own "Action: Deny" text. */
  firewallDeny?: string[];
  /** Hosts whose TLS is inspected (bumped) with the proxy's CA; everything else is spliced. */
  inspect?: string[];
  /** Basic authentication required (squid's basic_ncsa_auth against an htpasswd file). */
  credentials?: { user: string; password: string };
}

export interface Squid {
  port(policy: string): number;
  url(policy: string, userinfo?: string): string;
  /** The inspecting CA's certificate (PEM) and its subject. */
  inspectionCaPem: string;
  inspectionIssuer: string;
  accessLog(): string;
  stop(): Promise<void>;
}

// What Azure Firewall writes when no rule allows a request (its explicit proxy answers the same way).
const AZURE_FIREWALL_DENY = 'HTTP  request from %i to %H:443. Action: Deny. No rule matched. Proceeding with default action\n';
const SQUID_TEMPLATES = '/usr/share/squid/errors/templates';
const INSPECTION_CN = 'Contoso Egress Inspection CA';
const INSPECTION_O = 'Contoso Proxy';

async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** squid drops root for its own user: everything it writes must be that user's. */
function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}

/** dnsServer: an address whose port 53 answers names outside the hosts file (default: none, so they time out). */
export async function startSquid(options: {
  dir: string;
  hosts: Record<string, string>;
  originCaFile: string;
  policies: ProxyPolicy[];
  dnsServer?: string;
}): Promise<Squid> {
  const squid = findBinary('squid');
  const certgen = findBinary('security_file_certgen');
  if (!squid || !certgen) throw new Error('squid-openssl is not installed');
  const { dir } = options;
  mkdirSync(dir, { recursive: true });

  // The inspecting CA, as a TLS-inspecting proxy has one.
  const caKey = join(dir, 'inspection-ca.key');
  const caCert = join(dir, 'inspection-ca.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      caKey,
      '-out',
      caCert,
      '-days',
      '2',
      '-subj',
      `/CN=${INSPECTION_CN}/O=${INSPECTION_O}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    { stdio: 'ignore', timeout: 10_000 },
  );
  const bundle = join(dir, 'inspection-ca.bundle.pem');
  writeFileSync(bundle, readFileSync(caKey, 'utf8') + readFileSync(caCert, 'utf8'));
  const sslDb = join(dir, 'ssl_db');
  execFileSync(certgen, ['-c', '-s', sslDb, '-M', '4MB'], { stdio: 'ignore', timeout: 10_000 });

  writeFileSync(
    join(dir, 'hosts'),
    `${Object.entries(options.hosts)
      .map(([host, address]) => `${address} ${host}`)
      .join('\n')}\n`,
  );
  // A page of our own needs a template directory of our own (squid's, plus it).
  const errors = join(dir, 'errors');
  cpSync(SQUID_TEMPLATES, errors, { recursive: true });
  writeFileSync(join(errors, 'ERR_AZURE_FIREWALL_DENY'), AZURE_FIREWALL_DENY);

  // One htpasswd file for every policy that asks for credentials.
  const users = options.policies.flatMap((p) => (p.credentials ? [p.credentials] : []));
  const passwd = join(dir, 'passwd');
  if (users.length) {
    const hashed = users.map(
      ({ user, password }) => `${user}:${execFileSync('openssl', ['passwd', '-1', password], { timeout: 10_000 }).toString().trim()}`,
    );
    writeFileSync(passwd, `${hashed.join('\n')}\n`);
  }

  const ports = new Map<string, number>();
  for (const policy of options.policies) ports.set(policy.name, await freeTcpPort());
  const lines = [
    `pid_filename ${join(dir, 'squid.pid')}`,
    `access_log stdio:${join(dir, 'access.log')}`,
    `cache_log ${join(dir, 'cache.log')}`,
    'cache_store_log none',
    'cache deny all',
    'cache_mem 8 MB',
    `coredump_dir ${dir}`,
    'pinger_enable off',
    `error_directory ${errors}`,
    'shutdown_lifetime 0 seconds',
    `hosts_file ${join(dir, 'hosts')}`,
    // Names outside the hosts file go to dnsServer, or time out: nothing answers DNS on 127.0.0.1:53.
    `dns_nameservers ${options.dnsServer ?? '127.0.0.1'}`,
    'dns_timeout 2 seconds',
    'connect_timeout 5 seconds',
    'dns_v4_first on',
    `sslcrtd_program ${certgen} -s ${sslDb} -M 4MB`,
    'sslcrtd_children 3 startup=1 idle=1',
    `tls_outgoing_options cafile=${options.originCaFile}`,
    'acl step1 at_step SslBump1',
    ...(users.length
      ? [
          `auth_param basic program ${findBinary('basic_ncsa_auth') ?? '/usr/lib/squid/basic_ncsa_auth'} ${passwd}`,
          'auth_param basic children 2',
          'auth_param basic realm aml-preflight lab proxy',
          'acl authenticated proxy_auth REQUIRED',
        ]
      : []),
  ];
  for (const policy of options.policies) {
    const port = ports.get(policy.name)!;
    const bump = policy.inspect ? ` ssl-bump tls-cert=${bundle} generate-host-certificates=on dynamic_cert_mem_cache_size=4MB` : '';
    lines.push(`http_port 127.0.0.1:${port} name=${policy.name}${bump}`, `acl on_${policy.name} myportname ${policy.name}`);
    if (policy.firewallDeny?.length) {
      lines.push(
        `acl azfw_${policy.name} dstdomain ${policy.firewallDeny.join(' ')}`,
        `http_access deny on_${policy.name} azfw_${policy.name}`,
        `deny_info 470:ERR_AZURE_FIREWALL_DENY azfw_${policy.name}`,
      );
    }
    if (policy.credentials) lines.push(`http_access deny on_${policy.name} !authenticated`);
    lines.push(`acl allow_${policy.name} dstdomain ${policy.allow.join(' ')}`, `http_access allow on_${policy.name} allow_${policy.name}`);
    if (policy.inspect) {
      lines.push(
        `acl inspect_${policy.name} ssl::server_name ${policy.inspect.join(' ')}`,
        `ssl_bump peek on_${policy.name} step1`,
        `ssl_bump bump on_${policy.name} inspect_${policy.name}`,
        `ssl_bump splice on_${policy.name}`,
      );
    }
  }
  lines.push('http_access deny all');
  writeFileSync(join(dir, 'squid.conf'), `${lines.join('\n')}\n`);

  const proxyUser = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f[0] === 'proxy');
  if (proxyUser && process.getuid?.() === 0) chownTree(dir, Number(proxyUser[2]), Number(proxyUser[3]));

  const daemon = await startDaemon(squid, ['-N', '-f', join(dir, 'squid.conf')], {
    logFile: join(dir, 'squid.out'),
    cwd: dir,
    ready: async () => (await Promise.all([...ports.values()].map(listening))).every(Boolean),
    readyTimeoutMs: 20_000,
  });
  const inspectionCaPem = readFileSync(caCert, 'utf8');
  return {
    port: (policy) => ports.get(policy)!,
    url: (policy, userinfo) => `http://${userinfo ? `${userinfo}@` : ''}127.0.0.1:${ports.get(policy)}`,
    inspectionCaPem,
    inspectionIssuer: `CN=${INSPECTION_CN}, O=${INSPECTION_O}`,
    accessLog: () => {
      try {
        return readFileSync(join(dir, 'access.log'), 'utf8');
      } catch {
        return '';
      }
    },
    stop: daemon.stop,
  };
}
