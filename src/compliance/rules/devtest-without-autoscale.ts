import { purposeFromConfigMaps } from '../cluster-purpose.ts';
import { list, type ComplianceRule } from './rule.ts';

/** In a DevTest cluster the router's self-scaler is off: autoscaled services do not scale. */
export const devtestWithoutAutoscale: ComplianceRule = {
  needs: ['deployments'],
  evaluate({ snapshot, settings, services }) {
    const fromCluster = purposeFromConfigMaps(snapshot.configMaps);
    const purpose = settings.clusterPurpose ? { purpose: settings.clusterPurpose, source: '--cluster-purpose' } : fromCluster;
    const autoscaled = services.filter((s) => s.settings.autoscaleEnabled.value);
    const evidence = {
      clusterPurpose: purpose,
      autoscaled: autoscaled.map((s) => ({ deployment: s.ref, source: s.settings.autoscaleEnabled.source })),
    };
    if (!services.length) return { outcome: 'pass', message: 'no model service deployed', evidence };
    if (!purpose)
      return {
        outcome: 'unknown',
        message: 'cluster purpose unknown: no purpose in config map azuremlfeconfig (set --cluster-purpose)',
        evidence,
      };
    if (purpose.purpose === 'DevTest' && autoscaled.length) {
      return {
        outcome: 'violation',
        message: `DevTest cluster (from ${purpose.source}) serves autoscaled service(s): ${list(autoscaled.map((s) => s.ref))}`,
        evidence,
      };
    }
    return {
      outcome: 'pass',
      message: `cluster purpose ${purpose.purpose} (from ${purpose.source}), ${autoscaled.length} autoscaled service(s)`,
      evidence,
    };
  },
};
