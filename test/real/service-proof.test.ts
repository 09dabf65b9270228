// The HTTP proof against real third-party servers nobody here wrote: a
// certificate this machine trusts is not enough, the answer must carry the real
// service's signature. nginx impersonating the API server must fail; the real
// Azure Storage emulator (Azurite) and the real registry (Debian's
// docker-registry) must pass the storage and registry proofs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCa, type LabCa } from '../../src/lab/ca.ts';
import { startDnsServer, type LabDnsServer } from '../../src/lab/dns-server.ts';
import { runChecker, summary, type CheckerRun } from './support/checker.ts';
import { ACR, BLOB, CLUSTER_FQDN, MCR, TABLE, TARGET_FLAGS } from './support/lab-target.ts';
import { azuriteEntry, startAzurite } from './support/azurite.ts';
import { startNginx } from './support/nginx.ts';
import { missingPrerequisite } from './support/prerequisites.ts';
import { startRegistry } from './support/registry.ts';

const TIMEOUT_MS = 5000;
const noRoot = { root: false };

let dir: string;
let ca: LabCa;
let caFile: string;
let dns: LabDnsServer;
const stops: (() => Promise<void>)[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amlpf-service-proof-'));
  ca = await createCa('AML Preflight Real Lab CA', 'aml-preflight real lab');
  caFile = join(dir, 'lab-ca.pem');
  writeFileSync(caFile, ca.certPem);
  // DNS is not under test: every name the target needs resolves to loopback, and --connect-to picks the server's port.
  dns = await startDnsServer(Object.fromEntries([CLUSTER_FQDN, MCR, ACR, BLOB, TABLE].map((host) => [host, { a: ['127.0.0.1'] }])));
});
after(async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  await dns?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The checker on one requirement, its host sent to a local port. */
function checkOne(requirement: string, connectTo: [string, number][]): Promise<CheckerRun> {
  return runChecker([
    ...TARGET_FLAGS,
    '--only',
    requirement,
    '--ca-file',
    caFile,
    '--timeout',
    String(TIMEOUT_MS),
    '-o',
    'json',
    '--dns-server',
    `${dns.address}:${dns.port}`,
    ...connectTo.flatMap(([host, port]) => ['--connect-to', `${host}:443:127.0.0.1:${port}`]),
  ]);
}

/** Every dns/tcp/tls/http check of the run passed, and there was at least one http check. */
function assertProofsPass(run: CheckerRun, ids: string[]): void {
  const shown = `\n${summary(run.report)}\n${run.stderr}`;
  assert.equal(run.code, 0, shown);
  for (const id of ids) assert.equal(run.check(id).status, 'pass', `${id}${shown}`);
}

describe("nginx with a trusted certificate for the API server's name is not the API server", {
  skip: missingPrerequisite(['nginx'], noRoot),
}, () => {
  test('"200 hello" fails aks-api/http with HTTP_NOT_THE_SERVICE; DNS, TCP and TLS pass', { timeout: 60_000 }, async () => {
    const nginx = await startNginx({ dir: join(dir, 'nginx'), cert: await ca.issue([CLUSTER_FQDN]), status: 200, body: 'hello\n' });
    stops.push(nginx.stop);
    const run = await checkOne('aks-api', [[CLUSTER_FQDN, nginx.port]]);
    const shown = `\n${summary(run.report)}\n${run.stderr}`;
    assert.equal(run.code, 1, shown);
    for (const step of ['dns', 'tcp', 'tls']) assert.equal(run.check(`aks-api/${step}`).status, 'pass', `${step}${shown}`);
    const http = run.check('aks-api/http');
    assert.equal(http.status, 'fail', shown);
    assert.equal(http.code, 'HTTP_NOT_THE_SERVICE', shown);
    assert.match(http.message, /answered 200 OK without any signature of the real service/);
    assert.match(http.message, /x-kubernetes-pf-flowschema-uid/);
    assert.equal(http.evidence.status, 200);
    assert.match(String((http.evidence.headers as Record<string, string>).server), /^nginx/);
  });

  test('nginx answering as a registry would not, on the ACR host, fails acr/http', { timeout: 60_000 }, async () => {
    const nginx = await startNginx({ dir: join(dir, 'nginx-acr'), cert: await ca.issue([ACR]), status: 401, body: 'Unauthorized\n' });
    stops.push(nginx.stop);
    const run = await checkOne('acr', [[ACR, nginx.port]]);
    const http = run.check('acr@demoacr/http');
    assert.equal(http.code, 'HTTP_UNEXPECTED_STATUS', `\n${summary(run.report)}`);
    assert.match(http.message, /without the header "docker-distribution-api-version: registry\/2\.0"/);
  });
});

describe('the real Azure Storage emulator passes the storage proofs', {
  skip: azuriteEntry() ? undefined : 'needs azurite: npm install (a devDependency)',
}, () => {
  test("Azurite's blob and table answers carry the storage signature (x-ms-request-id and x-ms-error-code)", {
    timeout: 90_000,
  }, async () => {
    const azurite = await startAzurite({ dir: join(dir, 'azurite'), cert: await ca.issue([BLOB, TABLE]), account: 'demostore' });
    stops.push(azurite.stop);
    const run = await checkOne('storage-blob', [[BLOB, azurite.ports.blob]]);
    assertProofsPass(run, ['storage-blob@demostore/tls', 'storage-blob@demostore/http']);
    const blob = run.check('storage-blob@demostore/http');
    assert.match(String((blob.evidence.headers as Record<string, string>).server), /^Azurite-Blob\//);
    const tables = await checkOne('storage-table', [[TABLE, azurite.ports.table]]);
    assertProofsPass(tables, ['storage-table@demostore/tls', 'storage-table@demostore/http']);
    assert.match(
      String((tables.check('storage-table@demostore/http').evidence.headers as Record<string, string>).server),
      /^Azurite-Table\//,
    );
  });

  test("Azurite on the API server's name is still not the API server", { timeout: 90_000 }, async () => {
    const azurite = await startAzurite({ dir: join(dir, 'azurite-aks'), cert: await ca.issue([CLUSTER_FQDN]), account: 'demostore' });
    stops.push(azurite.stop);
    const run = await checkOne('aks-api', [[CLUSTER_FQDN, azurite.ports.blob]]);
    assert.equal(run.check('aks-api/tls').status, 'pass', summary(run.report));
    assert.match(String(run.check('aks-api/http').code), /^HTTP_(NOT_THE_SERVICE|UNEXPECTED_STATUS)$/, summary(run.report));
  });
});

describe('the real registry passes the registry proofs', { skip: missingPrerequisite(['docker-registry'], noRoot) }, () => {
  test('docker-registry with token auth answers /v2/ as ACR does: 401, registry/2.0, a Bearer realm', { timeout: 60_000 }, async () => {
    const registry = await startRegistry({ dir: join(dir, 'registry-acr'), cert: await ca.issue([ACR]), caFile, tokenAuthFor: ACR });
    stops.push(registry.stop);
    const run = await checkOne('acr', [[ACR, registry.port]]);
    assertProofsPass(run, ['acr@demoacr/tls', 'acr@demoacr/http']);
    const http = run.check('acr@demoacr/http');
    assert.equal(http.evidence.status, 401);
    assert.equal(
      (http.evidence.headers as Record<string, string>)['www-authenticate'],
      `Bearer realm="https://${ACR}/oauth2/token",service="${ACR}"`,
    );
  });

  test('docker-registry open to anyone answers /v2/ as MCR does: 200 with registry/2.0', { timeout: 60_000 }, async () => {
    const registry = await startRegistry({ dir: join(dir, 'registry-mcr'), cert: await ca.issue([MCR]), caFile });
    stops.push(registry.stop);
    const run = await checkOne('mcr', [[MCR, registry.port]]);
    assertProofsPass(run, ['mcr/tls', 'mcr/http']);
    assert.equal(run.check('mcr/http').evidence.status, 200);
  });
});
