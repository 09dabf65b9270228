// The openAPIV3Schema of the wgpolicyk8s.io/v1alpha2 PolicyReport CRD (as
// published by the Kubernetes Policy WG, the one Kyverno installs), reduced to
// the fields and constraints a result must meet.
export const POLICY_REPORT_CRD_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { const: 'wgpolicyk8s.io/v1alpha2' },
    kind: { const: 'PolicyReport' },
    metadata: { type: 'object', required: ['name', 'namespace'] },
    summary: {
      type: 'object',
      additionalProperties: false,
      properties: {
        error: { type: 'integer' },
        fail: { type: 'integer' },
        pass: { type: 'integer' },
        skip: { type: 'integer' },
        warn: { type: 'integer' },
      },
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['policy'],
        additionalProperties: false,
        properties: {
          category: { type: 'string' },
          message: { type: 'string' },
          policy: { type: 'string' },
          properties: { type: 'object', additionalProperties: { type: 'string' } },
          resources: { type: 'array' },
          resourceSelector: { type: 'object' },
          result: { enum: ['pass', 'fail', 'warn', 'error', 'skip'] },
          rule: { type: 'string' },
          scored: { type: 'boolean' },
          severity: { enum: ['critical', 'high', 'low', 'medium', 'info'] },
          source: { type: 'string' },
          timestamp: {
            type: 'object',
            required: ['nanos', 'seconds'],
            properties: { nanos: { type: 'integer', format: 'int32' }, seconds: { type: 'integer', format: 'int64' } },
          },
        },
      },
    },
  },
};
