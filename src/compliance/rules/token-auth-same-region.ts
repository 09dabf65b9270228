import { regionOfNodes } from '../../kube/node-pools.ts';
import { list, type ComplianceRule } from './rule.ts';

const same = (a: string, b: string): boolean => a.toLowerCase().replace(/\s+/g, '') === b.toLowerCase().replace(/\s+/g, '');

/** Token auth calls the workspace's region: keep it in the cluster's region. */
export const tokenAuthSameRegion: ComplianceRule = {
  needs: [],
  evaluate({ snapshot, settings, services }) {
    const tokenServices = services.filter((s) => s.settings.tokenAuthEnabled.value).map((s) => s.ref);
    const declared = settings.auth === 'token';
    const clusterRegion = settings.clusterRegion ?? regionOfNodes(snapshot.nodes);
    const evidence = {
      tokenAuthServices: tokenServices,
      profileAuth: settings.auth,
      clusterRegion,
      workspaceRegion: settings.workspaceRegion,
    };
    if (!declared && !tokenServices.length) return { outcome: 'pass', message: 'no service uses token authentication', evidence };
    const who = tokenServices.length ? `service(s) ${list(tokenServices)}` : 'the profile (endpoint.auth: token)';
    if (!clusterRegion || !settings.workspaceRegion) {
      return {
        outcome: 'unknown',
        message: `token auth is used by ${who}, but the ${!settings.workspaceRegion ? 'workspace' : 'cluster'} region is unknown (set ${!settings.workspaceRegion ? 'workspace.region' : 'cluster.region'})`,
        evidence,
      };
    }
    if (!same(clusterRegion, settings.workspaceRegion)) {
      return {
        outcome: 'violation',
        message: `token auth is used by ${who}, and the workspace (${settings.workspaceRegion}) is not in the cluster's region (${clusterRegion})`,
        evidence,
      };
    }
    return { outcome: 'pass', message: `token auth is used by ${who}; workspace and cluster are both in ${clusterRegion}`, evidence };
  },
};
