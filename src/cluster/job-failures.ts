// The ways an in-cluster run fails before any check runs, each with a code of
// its own (public API, like the probes' failure codes) and a line that says
// what to do.
export const JOB_FAILURE_CODES = {
  JOB_REJECTED: {
    meaning: 'The API server or an admission policy refused the Job or its pod (ResourceQuota, Azure Policy / Gatekeeper, Pod Security Admission).',
    action: 'Read the policy\'s message; allow the aml-preflight namespace, raise the quota, or run in a namespace the policy admits (--namespace).',
  },
  POD_UNSCHEDULABLE: {
    meaning: 'No node of the pool could take the pod before --schedule-timeout (no such pool, cordoned nodes, no room for its requests).',
    action: 'Check the pool\'s nodes (kubectl get nodes -l agentpool=POOL) and their free CPU and memory; scale the pool up.',
  },
  IMAGE_PULL_FAILED: {
    meaning: 'The node could not pull the preflight image (wrong name or tag, no pull permission, or the registry is unreachable from the node).',
    action: 'Push the image to the cluster\'s ACR and pass --image; attach the ACR to the cluster (az aks update --attach-acr); an unreachable registry is the model-deploy phase failing.',
  },
  JOB_DEADLINE_EXCEEDED: {
    meaning: 'The Job ran longer than its activeDeadlineSeconds and Kubernetes stopped it.',
    action: 'Look at the pod\'s last log lines; a probe hangs only when the API server or DNS does not answer at all.',
  },
  POD_FAILED: {
    meaning: 'The preflight container ended without a report: it crashed, was OOM-killed, or rejected its input (exit 2).',
    action: 'Read the message (the container\'s last words); for OOMKilled raise the memory limit in deploy/.',
  },
  WAIT_TIMEOUT: {
    meaning: 'The run did not finish before --wait; the Job is left for Kubernetes to end (activeDeadlineSeconds) and removed.',
    action: 'Rerun with a longer --wait; look at the pod with kubectl describe.',
  },
  REPORT_MISSING: {
    meaning: 'The pod finished but its log holds no report of this tool\'s version.',
    action: 'Use an image built from the same aml-preflight version as the CLI (--image).',
  },
} as const;

export type JobFailureCode = keyof typeof JOB_FAILURE_CODES;

export interface RunFailure {
  code: JobFailureCode;
  message: string;
}

export const IMAGE_PULL_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
