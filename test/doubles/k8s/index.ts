// A double of the Kubernetes API for tests: see server.ts (the HTTPS API),
// store.ts (objects by apiVersion/kind/namespace/name), resources.ts (the
// served types: add one line to serve a new kind), discovery.ts (/api, /apis
// from those types), workloads.ts (Jobs to pods to logs) and
// container-process.ts (containers as real processes).
export { startKubeApi, type Fault, type KubeApiDouble, type RecordedRequest } from './server.ts';
export { ObjectStore, ApiError, mergePatch, type StoredObject, type Change, type AdmissionHook } from './store.ts';
export { RESOURCE_TYPES, typeOfObject, typeByPath, apiVersionOf, type ResourceType } from './resources.ts';
export { labelsMatch, fieldsMatch, parseLabelSelector } from './selectors.ts';
export { authorize, type UserInfo, type Attributes } from './rbac.ts';
export { startWorkloads, type ContainerExit, type WorkloadOptions } from './workloads.ts';
export { processRuntime, canIsolate, SERVICE_ACCOUNT_DIR, type ProcessRuntimeOptions } from './container-process.ts';
export { loadFixtures } from './fixtures.ts';
export { grantCoverage, type GrantCoverage, type RoleLike } from './grant-coverage.ts';
