import { defineCommand } from '../cli/command.ts';

/** `cluster run|manifests|probe`: each subcommand loads the Kubernetes client only when it needs it. */
export const command = defineCommand({
  groups: [],
  subcommands: {
    run: {
      summary: "run the preflight in pods on the cluster's node pools and merge their reports",
      load: async () => (await import('./cluster/run.ts')).command,
    },
    manifests: {
      summary: 'print the Kubernetes manifests of an in-cluster run (GitOps)',
      load: async () => (await import('./cluster/manifests.ts')).command,
    },
    probe: { summary: "what the pods run (the image's command)", load: async () => (await import('./cluster/probe.ts')).command },
  },
});
