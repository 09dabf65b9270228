import type { CodeOf } from '../codes.ts';
import type { PhaseId, Severity } from '../types.ts';

export type ProbeName = 'dns' | 'tcp' | 'tls' | 'http' | 'k8s' | 'compliance';

/** A compliance requirement: which rule function evaluates the cluster's objects, with its options (rules/compliance.yaml). */
export interface ComplianceSpec {
  rule:
    | 'no-hpa-on-models'
    | 'daemonset-present'
    | 'accelerators-on-first-pool'
    | 'devtest-without-autoscale'
    | 'token-auth-same-region'
    | 'model-auth-enabled'
    | 'max-replicas-cover-load'
    | 'fe-upgrade-annotation'
    | 'compute-namespace'
    | 'stack-difference';
  /** The code a violation reports (the loader rejects one the registry lacks). */
  code: CodeOf<'compliance'>;
  /** daemonset-present: any of these namespace/name globs satisfies the rule. */
  match?: { namespace: string; name: string }[];
  /** accelerators-on-first-pool: extended resource names (globs) that mark a GPU/FPGA workload. */
  resources?: string[];
  /** stack-difference: the rule set moved from, the one moved to, and the rule sets or requirements whose openings always stay (the cluster's own egress). */
  compare?: { from: string; to: string; keep?: string[] };
}

/** The in-cluster checks (src/cluster/checks/), by the name a `k8s` requirement binds in `k8s.check`. */
export const K8S_CHECKS = [
  'router-peer-discovery',
  'router-peer-connect',
  'router-model-discovery',
  'model-pods',
  'ext-healthcheck',
  'ext-azureml-api-server',
  'ext-azureml-kube-dns',
  'ext-azureml-konnectivity',
  'ext-model-identity-proxy',
] as const;
export type K8sCheckName = (typeof K8S_CHECKS)[number];

export interface FirewallOpening {
  kind: 'application' | 'network';
  protocol: 'https' | 'http' | 'tcp' | 'udp';
  port: number;
  fqdns?: string[];
  serviceTag?: string;
  fqdnTag?: string;
}

/** One way to recognise the real service's answer: every field given must hold. */
export interface HttpSignature {
  /** Statuses this signature applies to; absent = any. */
  status?: number[];
  /** Headers it sends, each "name" or "name: text its value contains" (case-insensitive). */
  headers?: string[];
  /** Fields of a JSON body (a dotted path descends into objects: "AzureAD.LoginEndpoint") and the values they must equal. */
  json?: Record<string, string | number | boolean>;
}

/** The HTTP proof of a requirement: GET path, and how the real service answers it. */
export interface RequirementHttp {
  path: string;
  /** Statuses the real service answers with; empty or absent = any. */
  expectStatus?: number[];
  /** A header the real service always sends: "name" or "name: text its value contains". */
  expectHeader?: string;
  /** The real service's answer matches at least one of these (something else with a trusted certificate would not). */
  anyOf?: HttpSignature[];
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
  http?: RequirementHttp;
  privateLinkZone?: string;
  when?: { auth?: string[]; customDomain?: boolean; networkPlugin?: string[] };
  dependsOn?: string[];
  severity: Severity;
  remediation: string;
  firewall?: FirewallOpening;
  source: string;
  compliance?: ComplianceSpec;
  /** A `k8s` requirement: the in-cluster check that proves it (absent: none is written yet, the run says so). */
  k8s?: { check: K8sCheckName };
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
