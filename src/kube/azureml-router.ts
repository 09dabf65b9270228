// Where azureml-fe (the Azure ML router) lives in a cluster: the in-cluster
// checks look for it there, and the compliance rules read its config map there.
export interface RouterLocation {
  flavour: 'sdk-v1' | 'extension-v2';
  namespace: string;
  services: string[];
  deployment: string;
}

export const ROUTER_LOCATIONS: RouterLocation[] = [
  { flavour: 'sdk-v1', namespace: 'default', services: ['azureml-fe-int-http', 'azureml-fe'], deployment: 'azureml-fe' },
  { flavour: 'extension-v2', namespace: 'azureml', services: ['azureml-fe-int-http', 'azureml-fe'], deployment: 'azureml-fe-v2' },
];
