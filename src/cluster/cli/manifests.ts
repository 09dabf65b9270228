import { stringify } from 'yaml';
import { complianceArgs, COMPLIANCE_HELP, COMPLIANCE_OPTIONS, complianceSettingsFrom, parseNodePoolName } from '../../compliance/flags.ts';
import { EXIT, InputError } from '../../errors.ts';
import { writeFileAtomic } from '../../io/atomic-write.ts';
import { parseCommandArgs, parseMs } from '../../commands/args.ts';
import { profileFromArgs, TARGET_HELP, TARGET_OPTIONS } from '../../commands/target-flags.ts';
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
  serviceAccountObject,
} from '../manifests.ts';
import { parseImage, parseNamespace } from './kube-flags.ts';

const HELP = `Usage: aml-preflight cluster manifests [options] > preflight-job.yaml

Prints what \`cluster run\` would create, as Kubernetes YAML for GitOps: the
namespace, service account, read-only ClusterRole and binding, the profile
config map and one Job per node pool. The pods print their report as JSON on
their log. With --schedule: the scheduled audit instead (a CronJob running
\`audit run\`, and the Role that lets it keep runs, Events and a PolicyReport
in the namespace; docs/audits.md).

${TARGET_HELP}
Manifests:
  -n, --namespace NS           namespace (default: aml-preflight)
  --image REF                  the aml-preflight image (default: ${DEFAULT_IMAGE})
  --node-pool NAME             one Job pinned to this node pool, repeatable (default: one unpinned Job)
  --schedule CRON              a CronJob running \`audit run\` on this schedule (concurrencyPolicy Forbid) instead of Jobs
  --timeout MS                 deadline of each network step in the pods
  --output-file FILE           write there (atomically) instead of standard output

${COMPLIANCE_HELP}`;

const CRON = /^(\S+\s+){4}\S+$|^@(yearly|annually|monthly|weekly|daily|hourly)$/;

export async function clusterManifests(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    ...COMPLIANCE_OPTIONS,
    namespace: { type: 'string', short: 'n' },
    image: { type: 'string' },
    'node-pool': { type: 'string', multiple: true },
    schedule: { type: 'string' },
    timeout: { type: 'string' },
    'output-file': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const profile = profileFromArgs(values);
  complianceSettingsFrom(values, profile);
  const namespace = parseNamespace(values.namespace ?? DEFAULT_NAMESPACE);
  const image = parseImage(values.image ?? DEFAULT_IMAGE);
  const timeout = parseMs('timeout', values.timeout);
  const pools = values['node-pool']?.map((p) => parseNodePoolName('node-pool', p)) ?? [undefined];
  if (values.schedule !== undefined && !CRON.test(values.schedule.trim())) throw new InputError(`--schedule: "${values.schedule}" is not a cron schedule (five fields, e.g. "0 */6 * * *")`);
  if (values.schedule !== undefined && pools.length > 1) throw new InputError('--schedule makes one CronJob: give at most one --node-pool');
  const timeoutArgs = timeout ? ['--timeout', String(timeout)] : [];
  // Of the Jobs, the first pool's pod evaluates the compliance rules; `audit run` always does (it takes no --compliance).
  const workloads = values.schedule !== undefined
    ? [auditRoleObject(namespace), auditRoleBindingObject(namespace), auditCronJob(namespace, values.schedule.trim(), { image, nodePool: pools[0], withServiceAccount: true, args: auditArgs([...timeoutArgs, ...complianceArgs(values).filter((a) => a !== '--compliance')]) })]
    : pools.map((pool, i) => probeJob(namespace, jobNameFor(pool), { image, nodePool: pool, withServiceAccount: true, args: probeArgs([...timeoutArgs, ...(i === 0 ? complianceArgs(values) : [])]) }, 'probe'));
  const objects = [namespaceObject(namespace), serviceAccountObject(namespace), clusterRoleObject(), clusterRoleBindingObject(namespace), profileConfigMap(namespace, profile), ...workloads];
  const text = objects.map((o) => `---\n${stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
  if (values['output-file']) await writeFileAtomic(values['output-file'], text);
  else process.stdout.write(text);
  return EXIT.ok;
}
