// The ways an in-cluster run fails before any check runs: the registry's job
// codes (src/codes.ts), each with a line that says what happened.
import type { CodeOf } from '../codes.ts';

export type JobFailureCode = CodeOf<'job'>;

export interface RunFailure {
  code: JobFailureCode;
  message: string;
}

export const IMAGE_PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'RegistryUnavailable',
]);
