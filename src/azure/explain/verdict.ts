// The shape of an answer: one entry per requirement instance (schema/explain.schema.json).
import type { CodeOf } from '../../codes.ts';

/** Explain's finding codes: public API, in the one code registry (src/codes.ts) and the README. */
export type ExplainCode = CodeOf<'explain'>;

export type Verdict = 'allow' | 'deny' | 'unknown';

export type HopKind = 'subnet' | 'dns' | 'nsg' | 'route' | 'firewall' | 'policy' | 'egress' | 'resource';

/** One step of the path, with the resource that decides it. */
export interface Hop {
  hop: HopKind;
  /** The ARM id of the deciding resource (a rule collection group for a policy rule); null for a built-in default. */
  id: string | null;
  name: string;
  detail: string;
}

export interface Finding {
  code: ExplainCode;
  message: string;
  resource?: string;
}

export interface Decider {
  id: string;
  name: string;
}

export interface PathResult {
  verdict: Verdict;
  decidedBy: Decider | null;
  path: Hop[];
  findings: Finding[];
}

/** deny wins over unknown, unknown over allow: a requirement is only as open as its most closed host. */
export const worst = (a: Verdict, b: Verdict): Verdict =>
  a === 'deny' || b === 'deny' ? 'deny' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'allow';
