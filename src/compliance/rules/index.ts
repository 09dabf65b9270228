import type { ComplianceSpec } from '../../catalog/types.ts';
import { acceleratorsOnFirstPool } from './accelerators-on-first-pool.ts';
import { daemonSetPresent } from './daemonset-present.ts';
import { devtestWithoutAutoscale } from './devtest-without-autoscale.ts';
import { maxReplicasCoverLoad } from './max-replicas-cover-load.ts';
import { modelAuthEnabled } from './model-auth-enabled.ts';
import { noHpaOnModels } from './no-hpa-on-models.ts';
import type { ComplianceRule } from './rule.ts';
import { tokenAuthSameRegion } from './token-auth-same-region.ts';
import { computeNamespace } from './compute-namespace.ts';
import { feUpgradeAnnotation } from './fe-upgrade-annotation.ts';
import { stackDifference } from './stack-difference.ts';

/** The rule functions the catalog's `compliance.rule` names (the schema lists the same names). */
export const COMPLIANCE_RULES: Record<ComplianceSpec['rule'], ComplianceRule> = {
  'no-hpa-on-models': noHpaOnModels,
  'daemonset-present': daemonSetPresent,
  'accelerators-on-first-pool': acceleratorsOnFirstPool,
  'devtest-without-autoscale': devtestWithoutAutoscale,
  'token-auth-same-region': tokenAuthSameRegion,
  'model-auth-enabled': modelAuthEnabled,
  'max-replicas-cover-load': maxReplicasCoverLoad,
  'fe-upgrade-annotation': feUpgradeAnnotation,
  'compute-namespace': computeNamespace,
  'stack-difference': stackDifference,
};
