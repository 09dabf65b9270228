// The platform's replica formula (REQUIREMENTS §4, from the AKS deployment
// guide): how many replicas azureml-fe needs for a load.

export interface CapacityInputs {
  /** Requests per second the service must serve. */
  rps: number;
  /** How long one request takes, in seconds. */
  requestSeconds: number;
  /** autoscale_target_utilization as a fraction (0.7 = 70 %). */
  targetUtilization: number;
  /** max_concurrent_requests_per_container. */
  maxConcurrent: number;
}

export interface CapacityResult extends CapacityInputs {
  concurrent: number;
  replicas: number;
}

// Floating point makes 14 x 10 / 0.7 come out as 200.00000000000003; a ceil of
// that would ask for one replica too many.
const EPSILON = 1e-9;

export function requiredReplicas(inputs: CapacityInputs): CapacityResult {
  const concurrent = (inputs.rps * inputs.requestSeconds) / inputs.targetUtilization;
  const replicas = Math.max(1, Math.ceil(concurrent / inputs.maxConcurrent - EPSILON));
  return { ...inputs, concurrent: Math.round(concurrent * 1000) / 1000, replicas };
}

/** The SDK takes autoscale_target_utilization as a percentage (70); people also write 0.7. */
export function utilizationFraction(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value <= 1) return value;
  return value <= 100 ? value / 100 : undefined;
}
