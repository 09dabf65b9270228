import type { PhaseId, Severity } from '../types.ts';

export type ProbeName = 'dns' | 'tcp' | 'tls' | 'http' | 'k8s';

export interface FirewallOpening {
  kind: 'application' | 'network';
  protocol: 'https' | 'http' | 'tcp' | 'udp';
  port: number;
  fqdns?: string[];
  serviceTag?: string;
  fqdnTag?: string;
}

/** One entry of a rule set (rules/*.yaml), exactly as written there. */
export interface Requirement {
  id: string;
  phase: PhaseId;
  title: string;
  why?: string;
  host?: string;
  each?: 'acr' | 'storageAccount';
  port?: number;
  vantage?: 'any' | 'cluster';
  probes: ProbeName[];
  http?: { path: string; expectStatus?: number[]; expectHeader?: string };
  privateLinkZone?: string;
  when?: { auth?: string[]; customDomain?: boolean; networkPlugin?: string[] };
  dependsOn?: string[];
  severity: Severity;
  remediation: string;
  firewall?: FirewallOpening;
  source: string;
}

export interface RuleSet {
  ruleSet: string;
  title: string;
  default?: boolean;
  requirements: Requirement[];
  file: string;
}

export interface Catalog {
  ruleSets: RuleSet[];
  /** Every requirement of every rule set, by id. */
  byId: Map<string, Requirement & { ruleSet: string }>;
}
