import type { Catalog, ComplianceSpec } from '../../catalog/types.ts';
import type { ModelService } from '../model-services.ts';
import type { ComplianceSettings } from '../settings.ts';
import type { ClusterSnapshot } from '../snapshot.ts';

export interface RuleContext {
  snapshot: ClusterSnapshot;
  settings: ComplianceSettings;
  spec: ComplianceSpec;
  services: ModelService[];
  /** The whole catalog: stack-difference compares two rule sets of it. */
  catalog: Catalog;
}

/** violation becomes fail or warn by the requirement's severity; unknown becomes skip. */
export interface Verdict {
  outcome: 'pass' | 'violation' | 'unknown';
  message: string;
  evidence: Record<string, unknown>;
}

export interface ComplianceRule {
  /** Snapshot lists the rule cannot decide without: an empty one means the dump left them out. */
  needs: (keyof Omit<ClusterSnapshot, 'source'>)[];
  evaluate(ctx: RuleContext): Verdict;
}

export const list = (items: string[], max = 5): string =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
