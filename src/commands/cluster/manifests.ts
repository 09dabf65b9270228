import { stringify } from 'yaml';
import { EXIT, InputError } from '../../errors.ts';
import { writeFileAtomic } from '../../io/atomic-write.ts';
import { defineCommand, group } from '../../cli/command.ts';
import { parseMs } from '../../cli/numbers.ts';
import { COMPLIANCE, complianceArgs, complianceSettingsFrom } from '../../cli/options/compliance.ts';
import { DISCOVERY } from '../../cli/options/discovery.ts';
import { IMAGE_OPTION, JOBS_NAMESPACE, parseImage, parseNamespace, parseNodePoolName } from '../../cli/options/kube.ts';
import { profileFromArgs, TARGET } from '../../cli/options/target.ts';
import {
  auditArgs,
  auditCronJob,
  auditRoleBindingObject,
  auditRoleObject,
  clusterRoleBindingObject,
  clusterRoleObject,
  DEFAULT_IMAGE,
  DEFAULT_NAMESPACE,
  jobNameFor,
  namespaceObject,
  probeArgs,
  probeJob,
  profileConfigMap,
  PROFILE_KEY,
  PROFILE_SECRET,
  secretKeys,
  serviceAccountObject,
  splitProfile,
} from '../../cluster/manifests.ts';
import type { Toleration } from '../../cluster/tolerations.ts';

const CRON = /^(\S+\s+){4}\S+$|^@(yearly|annually|monthly|weekly|daily|hourly)$/;

export const command = defineCommand({
  usage: ['[options] > preflight-job.yaml'],
  about: `Prints what \`cluster run\` would create, as Kubernetes YAML for GitOps: the
namespace, service account, read-only ClusterRole and binding, the profile
config map and one Job per node pool. The pods print their report as JSON on
their log. With --schedule: the scheduled audit instead (a CronJob running
\`audit run\`, and the Role that lets it keep runs, Events and a PolicyReport
in the namespace; docs/audits.md).`,
  groups: [
    TARGET,
    DISCOVERY,
    group('Manifests:', {
      namespace: JOBS_NAMESPACE,
      image: IMAGE_OPTION,
      'node-pool': {
        type: 'string',
        multiple: true,
        value: 'NAME',
        help: 'one Job pinned to this node pool, repeatable',
        default: 'one unpinned Job',
      },
      toleration: {
        type: 'string',
        multiple: true,
        value: 'KEY[=VALUE]:EFFECT',
        help: "tolerate this taint of the pinned pool, repeatable (cluster run reads\nthem from the pool's nodes: kubectl get nodes -l agentpool=NAME -o jsonpath='{..taints}')",
      },
      schedule: {
        type: 'string',
        value: 'CRON',
        help: 'a CronJob running `audit run` on this schedule (concurrencyPolicy Forbid) instead of Jobs',
      },
      timeout: { type: 'string', value: 'MS', help: 'deadline of each network step in the pods' },
      'output-file': { type: 'string', value: 'FILE', help: 'write there (atomically) instead of standard output' },
    }),
    COMPLIANCE,
  ],
  run: async (values) => {
    const profile = profileFromArgs(values);
    complianceSettingsFrom(values, profile);
    const namespace = parseNamespace(values.namespace ?? DEFAULT_NAMESPACE);
    const image = parseImage(values.image ?? DEFAULT_IMAGE);
    const timeout = parseMs('timeout', values.timeout);
    const pools = values['node-pool']?.map((p) => parseNodePoolName('node-pool', p)) ?? [undefined];
    if (values.schedule !== undefined && !CRON.test(values.schedule.trim()))
      throw new InputError(`--schedule: "${values.schedule}" is not a cron schedule (five fields, e.g. "0 */6 * * *")`);
    if (values.schedule !== undefined && pools.length > 1)
      throw new InputError('--schedule makes one CronJob: give at most one --node-pool');
    const tolerations = values.toleration?.map(parseToleration);
    // No secret value is ever printed: the Jobs mount a Secret the user makes from their own secret store.
    const { secret } = splitProfile(profile);
    const mounted = secret !== undefined;
    const timeoutArgs = timeout ? ['--timeout', String(timeout)] : [];
    // Of the Jobs, the first pool's pod evaluates the compliance rules; `audit run` always does (it takes no --compliance).
    const workloads =
      values.schedule !== undefined
        ? [
            auditRoleObject(namespace),
            auditRoleBindingObject(namespace),
            auditCronJob(namespace, values.schedule.trim(), {
              image,
              nodePool: pools[0],
              tolerations: pools[0] ? tolerations : undefined,
              secret: mounted,
              withServiceAccount: true,
              args: auditArgs([...timeoutArgs, ...complianceArgs(values).filter((a) => a !== '--compliance')], mounted),
            }),
          ]
        : pools.map((pool, i) =>
            probeJob(
              namespace,
              jobNameFor(pool),
              {
                image,
                nodePool: pool,
                tolerations: pool ? tolerations : undefined,
                secret: mounted,
                withServiceAccount: true,
                args: probeArgs([...timeoutArgs, ...(i === 0 ? complianceArgs(values) : [])], mounted),
              },
              'probe',
            ),
          );
    const objects = [
      namespaceObject(namespace),
      serviceAccountObject(namespace),
      clusterRoleObject(),
      clusterRoleBindingObject(namespace),
      profileConfigMap(namespace, profile),
      ...workloads,
    ];
    const text =
      (secret ? secretInstructions(namespace, secretKeys(secret)) : '') +
      objects.map((o) => `---\n${stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
    if (values['output-file']) await writeFileAtomic(values['output-file'], text);
    else process.stdout.write(text);
    return EXIT.ok;
  },
});

/** What to run to make the Secret the Jobs mount: the command, never a value. */
function secretInstructions(namespace: string, keys: string[]): string {
  return [
    `# The profile's secret parts (${keys.join(', ')}) are not in these manifests, not even encoded.`,
    `# The pods read them from the Secret ${PROFILE_SECRET}: create it from a file that holds just those keys`,
    '# (a profile fragment, as for aml-preflight check -c), or from your own secret store (Sealed Secrets, External Secrets):',
    `#   kubectl -n ${namespace} create secret generic ${PROFILE_SECRET} --from-file=${PROFILE_KEY}=aml-preflight-secret.yaml`,
    '',
  ].join('\n');
}

const TOLERATION = /^([A-Za-z0-9][A-Za-z0-9./_-]{0,252})(?:=([A-Za-z0-9._-]{0,63}))?:(NoSchedule|PreferNoSchedule|NoExecute)$/;

function parseToleration(value: string): Toleration {
  const m = TOLERATION.exec(value);
  if (!m)
    throw new InputError(
      `--toleration: must be KEY[=VALUE]:EFFECT with EFFECT NoSchedule, PreferNoSchedule or NoExecute, e.g. sku=gpu:NoSchedule (got ${JSON.stringify(value)})`,
    );
  return m[2] ? { key: m[1]!, operator: 'Equal', value: m[2], effect: m[3]! } : { key: m[1]!, operator: 'Exists', effect: m[3]! };
}
