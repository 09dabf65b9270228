import { requiredReplicas } from '../capacity.ts';
import { loadNames } from '../model-services.ts';
import { list, type ComplianceRule } from './rule.ts';

/** azureml-fe never scales past autoscale_max_replicas: it must cover the declared load. */
export const maxReplicasCoverLoad: ComplianceRule = {
  needs: ['deployments'],
  evaluate({ settings, services }) {
    if (!settings.loads.length) return { outcome: 'unknown', message: 'no load declared (--load SERVICE:RPS:SECONDS)', evidence: {} };
    const checked = settings.loads.flatMap((load) =>
      services
        .filter((s) => loadNames(s, load.service))
        .map((s) => {
          const need = requiredReplicas({
            rps: load.rps,
            requestSeconds: load.requestSeconds,
            targetUtilization: s.settings.targetUtilization.value,
            maxConcurrent: s.settings.maxConcurrent.value,
          });
          return {
            deployment: s.ref,
            load,
            ...need,
            maxReplicas: s.settings.maxReplicas,
            short: s.settings.maxReplicas.value < need.replicas,
          };
        }),
    );
    const unmatched = settings.loads.filter((l) => !services.some((s) => loadNames(s, l.service))).map((l) => l.service);
    const evidence = { services: checked, unmatchedLoads: unmatched };
    if (!checked.length)
      return { outcome: 'unknown', message: `no model service matches the declared load(s) ${list(unmatched)}`, evidence };
    const short = checked.filter((c) => c.short);
    if (short.length) {
      return {
        outcome: 'violation',
        message: `autoscale_max_replicas below the load's need: ${list(short.map((c) => `${c.deployment} max ${c.maxReplicas.value} < ${c.replicas} (${c.load.rps} rps x ${c.load.requestSeconds} s / ${c.targetUtilization} / ${c.maxConcurrent})`))}`,
        evidence,
      };
    }
    return {
      outcome: 'pass',
      message: `autoscale_max_replicas covers the declared load: ${list(checked.map((c) => `${c.deployment} needs ${c.replicas}, max ${c.maxReplicas.value}`))}`,
      evidence,
    };
  },
};
