// Azure Resource Graph queries that read Defender's findings back for an image.
// Vulnerability findings are sub-assessments (securityresources, type
// microsoft.security/assessments/subassessments) of two assessments: registry
// images, and images running on a monitored cluster. An image with no row has
// not been scanned yet, or was scanned and nothing was found.

export const REGISTRY_ASSESSMENT = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5';
export const RUNTIME_ASSESSMENT = 'c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5';

/** A KQL string literal. Values reaching here already passed the image-reference grammar; this is the second fence. */
export const kql = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const BASE = [
  'securityresources',
  '| where type == "microsoft.security/assessments/subassessments"',
  `| extend assessmentKey = tostring(split(id, "/")[-3])`,
  `| where assessmentKey in ("${REGISTRY_ASSESSMENT}", "${RUNTIME_ASSESSMENT}")`,
  '| extend digest = tostring(properties.additionalData.artifactDetails.digest), repository = tostring(properties.additionalData.artifactDetails.repositoryName), registryHost = tostring(properties.additionalData.artifactDetails.registryHost)',
];

/** The findings of one image, one row per vulnerability: what a person pastes into Resource Graph Explorer or `az graph query -q`. */
export function findingsQuery(image: { registry: string; repository: string; digest?: string; tag?: string }): string {
  const match = image.digest
    ? `| where digest == ${kql(image.digest)}`
    : `| where registryHost == ${kql(image.registry)} and repository == ${kql(image.repository)}`;
  return [
    ...BASE,
    match,
    `| project scannedAt = todatetime(properties.timeGenerated), source = iff(assessmentKey == "${REGISTRY_ASSESSMENT}", "registry", "runtime"), digest, repository, finding = tostring(properties.id), severity = tostring(properties.additionalData.vulnerabilityDetails.severity), status = tostring(properties.status.code)`,
    '| order by scannedAt desc',
  ].join('\n');
}

/** One query for many digests: when each was last scanned and how many findings it has. */
export function lastScanQuery(digests: string[]): string {
  return [
    ...BASE,
    `| where digest in (${digests.map(kql).join(', ')})`,
    '| summarize lastScan = max(todatetime(properties.timeGenerated)), findings = count() by digest',
  ].join('\n');
}
