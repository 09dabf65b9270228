import type { K8sCheckName, RequirementHttp } from '../catalog/types.ts';
import type { CheckKind, PhaseId, Severity } from '../types.ts';

/** One concrete check, made from a requirement and the target: what the engine runs. */
export interface PlannedCheck {
  id: string;
  requirement: string;
  phase: PhaseId;
  kind: CheckKind;
  title: string;
  host?: string;
  port?: number;
  severity: Severity;
  remediation: string;
  /** Checks that must finish first; a failure there makes this one `skip` with blockedBy. */
  dependsOn: string[];
  /** Set when the plan already knows the check cannot run here (not configured, needs the cluster). */
  skipReason?: string;
  /** What the probe needs beyond host and port. */
  /** The URL to GET and, for a catalog requirement, how the real service answers it. */
  http?: { url: string; proof?: RequirementHttp };
  privateLinkZone?: string;
  /** The named function a k8s check runs (its requirement's k8s.check); absent when none is bound. */
  k8sCheck?: K8sCheckName;
  /** Requirement-specific data for the in-cluster runners (k8s checks). */
  params?: Record<string, unknown>;
}
