import { nameOf, namespaceOf } from '../../kube/objects.ts';
import type { ComplianceRule } from './rule.ts';

export const V1_ROUTER = { namespace: 'default', name: 'azureml-fe' };
export const UPGRADE_ANNOTATION = 'azureml-fe-enable-upgrade';

/** Before the extension is installed with scoringFe.enableUpgrade=true, the v1 router must say it may be taken over;
 *  without the annotation the install's HealthCheck fails (E45004/E45005). */
export const feUpgradeAnnotation: ComplianceRule = {
  needs: ['deployments'],
  evaluate({ snapshot }) {
    const router = snapshot.deployments.find((d) => namespaceOf(d) === V1_ROUTER.namespace && nameOf(d) === V1_ROUTER.name);
    if (!router)
      return {
        outcome: 'pass',
        message: `no v1 router (deployment ${V1_ROUTER.name} in namespace ${V1_ROUTER.namespace}): nothing to take over`,
        evidence: { router: null },
      };
    const value = router.metadata?.annotations?.[UPGRADE_ANNOTATION];
    const evidence = { router: `${V1_ROUTER.namespace}/${V1_ROUTER.name}`, annotation: UPGRADE_ANNOTATION, value: value ?? null };
    if (value === 'true')
      return {
        outcome: 'pass',
        message: `the v1 router ${V1_ROUTER.namespace}/${V1_ROUTER.name} carries ${UPGRADE_ANNOTATION}=true: the extension may take it over`,
        evidence,
      };
    const found = value === undefined ? 'does not carry the annotation' : `carries ${UPGRADE_ANNOTATION}=${JSON.stringify(value)}`;
    return {
      outcome: 'violation',
      message: `the v1 router ${V1_ROUTER.namespace}/${V1_ROUTER.name} ${found}: installing the extension with scoringFe.enableUpgrade=true fails its HealthCheck (E45004/E45005)`,
      evidence,
    };
  },
};
