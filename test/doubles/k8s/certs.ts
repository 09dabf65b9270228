// The API server's serving certificate: a throw-away CA and a leaf for every
// name a client uses (kubernetes.default.svc, the AKS FQDN, 127.0.0.1), as
// AKS's own certificate covers the in-cluster service and the public FQDN.
import { createCa } from '../../../src/lab/ca.ts';

export interface ServingCert {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export async function servingCert(names: string[]): Promise<ServingCert> {
  const ca = await createCa('kube-double-ca');
  return { caPem: ca.certPem, ...(await ca.issue(names)) };
}
