import { namespaceOf } from '../../kube/objects.ts';
import type { ComplianceRule } from './rule.ts';

/** The Kubernetes compute must not be attached in a v1 workspace namespace (azureml-<workspace>): the
 *  extension's HealthCheck fails there. The namespace is chosen at attach time, so it comes from the settings. */
export const computeNamespace: ComplianceRule = {
  needs: ['deployments'],
  evaluate({ snapshot, settings, services }) {
    const v1Namespaces = [
      ...new Set([...services.map((s) => s.namespace), ...snapshot.deployments.map(namespaceOf)].filter((n) => n.startsWith('azureml-'))),
    ].sort();
    const chosen = settings.computeNamespace;
    const evidence = { computeNamespace: chosen ?? null, v1Namespaces };
    if (chosen === undefined)
      return {
        outcome: 'unknown',
        message:
          "the Kubernetes compute's namespace is not given: set --compute-namespace NS (the namespace you will attach the compute in)",
        evidence,
      };
    if (v1Namespaces.includes(chosen) || /^azureml-/.test(chosen)) {
      return {
        outcome: 'violation',
        message: `the Kubernetes compute's namespace ${chosen} is a v1 workspace namespace (azureml-<workspace>${v1Namespaces.includes(chosen) ? ', in use by v1 models' : ''}): the extension's HealthCheck fails there`,
        evidence,
      };
    }
    return {
      outcome: 'pass',
      message: `the Kubernetes compute's namespace ${chosen} is not a v1 workspace namespace${v1Namespaces.length ? ` (v1: ${v1Namespaces.join(', ')})` : ''}`,
      evidence,
    };
  },
};
