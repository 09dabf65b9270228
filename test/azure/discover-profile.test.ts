// The profile from a snapshot, with pure code: table-driven over variations of the fixture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Snapshot, type ArmResource } from '../../src/azure/snapshot.ts';
import { targetsFromSnapshot } from '../../src/azure/discover/profile-from-snapshot.ts';
import { covers } from '../../src/azure/discover/unlisted-hosts.ts';
import { InputError } from '../../src/errors.ts';

const RESOURCES = JSON.parse(readFileSync(new URL('../fixtures/azure/discover-contoso-ml.json', import.meta.url), 'utf8')) as ArmResource[];
const variant = (change: (rs: ArmResource[]) => ArmResource[]) => new Snapshot(change(structuredClone(RESOURCES)));
const named = (rs: ArmResource[], name: string) => rs.find((r) => r.name === name)!;
const without =
  (...names: string[]) =>
  (rs: ArmResource[]) =>
    rs.filter((r) => !names.includes(r.name));

test('a workspace without computes: the workspace alone, its region kept', () => {
  const [t] = targetsFromSnapshot(variant(without('aks-prod', 'aks-dev', 'ci-alice')), {});
  assert.deepEqual(t.profile, {
    workspace: { region: 'eastus', id: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d', acr: 'contosoml', storageAccount: 'contosomlsa' },
  });
  assert.equal(t.compute, undefined);
});

test('a workspace in another region than its cluster keeps workspace.region', () => {
  const [t] = targetsFromSnapshot(
    variant((rs) => {
      named(rs, 'contoso-ml').location = 'West Europe';
      return rs;
    }),
    { compute: 'aks-prod' },
  );
  assert.equal(t.profile.workspace?.region, 'westeurope');
  assert.equal(t.profile.cluster?.region, 'eastus');
});

test("a compute whose cluster the snapshot lacks: the compute's own FQDN, and a note saying so", () => {
  const isCluster = (r: ArmResource) => r.type.toLowerCase() === 'microsoft.containerservice/managedclusters' && r.name === 'aks-prod';
  const [t] = targetsFromSnapshot(
    variant((rs) => rs.filter((r) => !isCluster(r))),
    { compute: 'aks-prod' },
  );
  assert.deepEqual(t.profile.cluster, { apiServerFqdn: 'aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io', region: 'eastus' });
  assert.ok(
    t.notes.some((n) => /^the compute's cluster .*managedClusters\/aks-prod is not in the snapshot$/.test(n)),
    t.notes.join('\n'),
  );
});

test('a Kubernetes compute on an Arc-connected cluster: said, not guessed', () => {
  const arc = variant((rs) => {
    (named(rs, 'aks-dev').properties as { resourceId: string }).resourceId =
      '/subscriptions/5f1e2d3c-4b5a-4968-8776-a1b2c3d4e5f6/resourceGroups/edge/providers/Microsoft.Kubernetes/connectedClusters/factory-k3s';
    return rs;
  });
  const [t] = targetsFromSnapshot(arc, { compute: 'aks-dev' });
  assert.equal(t.profile.cluster, undefined);
  assert.ok(
    t.notes.some((n) => n.includes('not an AKS cluster: an Arc-connected cluster has no managed-cluster resource to read')),
    t.notes.join('\n'),
  );
});

test('a network plugin the profile has no value for is left unset, with a note', () => {
  const [t] = targetsFromSnapshot(
    variant((rs) => {
      (
        rs.find((r) => r.name === 'aks-prod' && /managedclusters$/i.test(r.type)) as unknown as {
          properties: { networkProfile: { networkPlugin: string } };
        }
      ).properties.networkProfile.networkPlugin = 'none';
      return rs;
    }),
    { compute: 'aks-prod' },
  );
  assert.equal(t.profile.cluster?.networkPlugin, undefined);
  assert.ok(t.notes.includes('network plugin none has no profile setting: cluster.networkPlugin left unset'));
});

test('which target a snapshot answers for without --workspace or --cluster', () => {
  const clusterOnly = variant((rs) => rs.filter((r) => !/machinelearningservices/i.test(r.type) && r.name !== 'aks-dev'));
  assert.equal(targetsFromSnapshot(clusterOnly, {})[0].profile.cluster?.name, 'aks-prod');
  const twoWorkspaces = variant((rs) => [
    ...rs,
    { ...named(rs, 'contoso-ml'), id: named(rs, 'contoso-ml').id.replace('contoso-ml', 'other-ml'), name: 'other-ml' },
  ]);
  assert.throws(
    () => targetsFromSnapshot(twoWorkspaces, { compute: 'aks-prod' }),
    (e: Error) => e instanceof InputError && /holds 2 workspaces: say which with --workspace ID or --cluster ID/.test(e.message),
  );
  assert.throws(
    () => targetsFromSnapshot(clusterOnly, { cluster: named(RESOURCES, 'aks-prod').id.replace('aks-prod', 'gone') }),
    /--cluster: .*gone is not in the snapshot/,
  );
});

test('Azure Firewall wildcards: *.x covers names under x, not x itself', () => {
  const table: [string, string, boolean][] = [
    ['*.data.mcr.microsoft.com', 'eastus.data.mcr.microsoft.com', true],
    ['*.data.mcr.microsoft.com', 'data.mcr.microsoft.com', false],
    ['*.azmk8s.io', 'aks.hcp.eastus.azmk8s.io', true],
    ['mcr.microsoft.com', 'mcr.microsoft.com', true],
    ['mcr.microsoft.com', 'xmcr.microsoft.com', false],
    ['*.microsoft.com', 'evilmicrosoft.com', false],
  ];
  for (const [pattern, host, expected] of table) assert.equal(covers(pattern, host), expected, `${pattern} ${host}`);
});
