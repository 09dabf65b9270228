// The cluster purpose AML was attached with (DevTest, FastProd, DenseProd).
// azureml-fe keeps its settings in the config map azuremlfeconfig; the key's
// exact name is not documented, so any key called clusterPurpose,
// cluster_purpose or purpose is read, at the top level or inside a JSON/YAML
// value, and the evidence names the key that was used.
import { parse as parseYaml } from 'yaml';
import { nameOf, refOf, type ConfigMap } from '../kube/objects.ts';
import { CLUSTER_PURPOSES, type ClusterPurpose } from './settings.ts';

export const ROUTER_CONFIG_MAP = 'azuremlfeconfig';
const PURPOSE_KEY = /^(cluster[_-]?)?purpose$/i;

function asPurpose(value: unknown): ClusterPurpose | undefined {
  return typeof value === 'string' ? CLUSTER_PURPOSES.find((p) => p.toLowerCase() === value.trim().toLowerCase()) : undefined;
}

function search(value: unknown, path: string, depth: number): { purpose: ClusterPurpose; key: string } | undefined {
  if (!value || typeof value !== 'object' || depth > 4) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const purpose = PURPOSE_KEY.test(k) ? asPurpose(v) : undefined;
    if (purpose) return { purpose, key: `${path}${k}` };
    const inner = search(v, `${path}${k}.`, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

export function purposeFromConfigMaps(configMaps: ConfigMap[]): { purpose: ClusterPurpose; source: string } | undefined {
  for (const cm of configMaps.filter((c) => nameOf(c) === ROUTER_CONFIG_MAP)) {
    for (const [key, text] of Object.entries(cm.data ?? {})) {
      const direct = PURPOSE_KEY.test(key) ? asPurpose(text) : undefined;
      if (direct) return { purpose: direct, source: `config map ${refOf(cm)} key ${key}` };
      let parsed: unknown;
      try {
        parsed = parseYaml(String(text), { maxAliasCount: 10 });
      } catch {
        continue;
      }
      const found = search(parsed, '', 0);
      if (found) return { purpose: found.purpose, source: `config map ${refOf(cm)} key ${key}: ${found.key}` };
    }
  }
  return undefined;
}
