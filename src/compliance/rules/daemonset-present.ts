import { globMatches, nameOf, namespaceOf, refOf } from '../../kube/objects.ts';
import { list, type ComplianceRule } from './rule.ts';

/** An add-on is on when one of its DaemonSets (namespace/name globs from the catalog) exists. */
export const daemonSetPresent: ComplianceRule = {
  needs: ['daemonSets'],
  evaluate({ snapshot, spec }) {
    const wanted = (spec.match ?? []).map((m) => `${m.namespace}/${m.name}`);
    const found = snapshot.daemonSets.filter((ds) =>
      (spec.match ?? []).some((m) => globMatches(m.namespace, namespaceOf(ds)) && globMatches(m.name, nameOf(ds))),
    );
    const evidence = {
      lookedFor: wanted,
      found: found.map((ds) => {
        const status = ds.status as { desiredNumberScheduled?: number; numberReady?: number } | undefined;
        return { daemonSet: refOf(ds), desired: status?.desiredNumberScheduled, ready: status?.numberReady };
      }),
    };
    if (!found.length) return { outcome: 'violation', message: `no DaemonSet matching ${wanted.join(' or ')}`, evidence };
    return { outcome: 'pass', message: `DaemonSet ${list(found.map(refOf))} found`, evidence };
  },
};
