// Is Defender for Containers on for this managed cluster? ARM says so in
// securityProfile.defender.securityMonitoring.enabled.
import { azureErrorLine, clientOptions, requestOptions, type AzureConnection } from './azure.ts';
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { ClusterDefenderProfile } from './triggers.ts';

export async function readClusterDefender(conn: AzureConnection, resourceGroup: string, cluster: string): Promise<ClusterDefenderProfile> {
  const { ContainerServiceClient } = await import('@azure/arm-containerservice');
  const client = new ContainerServiceClient(conn.credential, conn.subscriptionId, clientOptions(conn));
  const resourceId = `/subscriptions/${conn.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${cluster}`;
  let mc: ManagedCluster;
  try {
    mc = await client.managedClusters.get(resourceGroup, cluster, requestOptions(conn));
  } catch (e) {
    throw new Error(azureErrorLine(e, `cannot read managed cluster ${cluster} in resource group ${resourceGroup}`));
  }
  const defender = mc.securityProfile?.defender;
  const enabled = defender?.securityMonitoring?.enabled === true;
  return {
    resourceId: mc.id ?? resourceId,
    enabled,
    logAnalyticsWorkspaceResourceId: defender?.logAnalyticsWorkspaceResourceId,
    message: enabled
      ? `Defender for Containers is on for ${cluster} (securityProfile.defender.securityMonitoring.enabled)`
      : `Defender for Containers is off for ${cluster}: az aks update --enable-defender -g ${resourceGroup} -n ${cluster}`,
  };
}
