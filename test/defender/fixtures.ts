// A small AML cluster as the API server would list it: the router, two model
// deployments (one pinned by digest, one by tag whose pods report the digest
// they run), a third-party sidecar, and the Defender sensor.
import type { DeploymentLike, PodLike } from '../../src/defender/inventory.ts';
import type { DaemonSetLike } from '../../src/defender/sensor.ts';
import type { RegistryFixture } from '../doubles/arm/server.ts';

export const digest = (c: string) => `sha256:${c.repeat(64)}`;
export const D = { router: digest('1'), modelA: digest('a'), modelB: digest('b'), sidecar: digest('c'), fluent: digest('f') };
export const SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';

const deployment = (
  namespace: string,
  name: string,
  labels: Record<string, string>,
  containers: { name: string; image: string }[],
): DeploymentLike => ({
  metadata: { name, namespace, labels },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name, ...labels } }, spec: { containers } } },
});

const pod = (
  namespace: string,
  name: string,
  app: string,
  labels: Record<string, string>,
  containers: { name: string; image: string; imageID?: string }[],
): PodLike => ({
  metadata: { name, namespace, labels: { app, ...labels } },
  spec: { containers: containers.map(({ name, image }) => ({ name, image })) },
  status: { phase: 'Running', containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: c.imageID })) },
});

export function fixtureCluster(): { deployments: DeploymentLike[]; pods: PodLike[]; daemonSets: DaemonSetLike[] } {
  return {
    deployments: [
      deployment('default', 'azureml-fe', {}, [{ name: 'azureml-fe', image: 'mcr.microsoft.com/azureml/azureml-fe:1.50.0' }]),
      deployment('azureml-ws1', 'model-a', { isazuremlapp: 'true' }, [
        { name: 'model', image: `contosoml.azurecr.io/azureml/model-a@${D.modelA}` },
      ]),
      deployment('azureml-ws1', 'model-b', { isazuremlapp: 'true' }, [
        { name: 'model', image: 'contosoml.azurecr.io/azureml/model-b:7' },
        { name: 'log-shipper', image: 'fluent/fluent-bit:2.2' },
      ]),
      deployment('default', 'unrelated', {}, [{ name: 'web', image: 'contosoml.azurecr.io/web:1' }]),
    ],
    pods: [
      pod('default', 'azureml-fe-7c9d-x1', 'azureml-fe', {}, [
        {
          name: 'azureml-fe',
          image: 'mcr.microsoft.com/azureml/azureml-fe:1.50.0',
          imageID: `mcr.microsoft.com/azureml/azureml-fe@${D.router}`,
        },
      ]),
      pod('default', 'azureml-fe-7c9d-x2', 'azureml-fe', {}, [
        {
          name: 'azureml-fe',
          image: 'mcr.microsoft.com/azureml/azureml-fe:1.50.0',
          imageID: `mcr.microsoft.com/azureml/azureml-fe@${D.router}`,
        },
      ]),
      pod('azureml-ws1', 'model-a-5f-q', 'model-a', { isazuremlapp: 'true' }, [
        {
          name: 'model',
          image: `contosoml.azurecr.io/azureml/model-a@${D.modelA}`,
          imageID: `contosoml.azurecr.io/azureml/model-a@${D.modelA}`,
        },
      ]),
      pod('azureml-ws1', 'model-b-6d-z', 'model-b', { isazuremlapp: 'true' }, [
        {
          name: 'model',
          image: 'contosoml.azurecr.io/azureml/model-b:7',
          imageID: `docker-pullable://contosoml.azurecr.io/azureml/model-b@${D.modelB}`,
        },
        { name: 'log-shipper', image: 'fluent/fluent-bit:2.2', imageID: `docker.io/fluent/fluent-bit@${D.fluent}` },
      ]),
    ],
    daemonSets: [
      {
        metadata: { namespace: 'kube-system', name: 'microsoft-defender-collector-ds' },
        status: { desiredNumberScheduled: 3, numberReady: 3 },
      },
      {
        metadata: { namespace: 'kube-system', name: 'microsoft-defender-publisher-ds' },
        status: { desiredNumberScheduled: 3, numberReady: 3 },
      },
      { metadata: { namespace: 'kube-system', name: 'ama-logs' }, status: { desiredNumberScheduled: 3, numberReady: 3 } },
    ],
  };
}

export const registryFixture = (): RegistryFixture[] => [
  { name: 'othersub', resourceGroup: 'other-rg', repositories: {} },
  {
    name: 'contosoml',
    resourceGroup: 'ml-rg',
    repositories: {
      'azureml/model-a': { digests: [D.modelA], tags: { '3': D.modelA } },
      'azureml/model-b': { digests: [D.modelB, digest('9')], tags: { '7': digest('9') } },
    },
  },
];

export const staticCredential = (token = 'double-token') => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});
