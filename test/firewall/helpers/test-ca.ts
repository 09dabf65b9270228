// A throw-away CA and a server certificate for 127.0.0.1: what the ARM double serves HTTPS with.
import { servingCert, type ServingCert } from '../../doubles/k8s/certs.ts';

export type LoopbackCert = ServingCert;

export const loopbackCert = (): Promise<LoopbackCert> => servingCert(['127.0.0.1']);
