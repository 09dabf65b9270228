// The errors a command turns into an exit code. Exit codes are public API
// (README "Exit codes"): the same condition gets the same code in every command.
import type { Code } from './codes.ts';

/** Exit codes: 0 nothing failed, 1 a check failed, 2 invalid input or usage,
 *  3 could not run because of the environment, 4 internal error (a bug). */
export const EXIT = { ok: 0, failed: 1, input: 2, environment: 3, internal: 4 } as const;

/** Errors the user can fix by changing their input: printed as one line, exit 2. */
export class InputError extends Error {
  readonly exitCode: number = EXIT.input;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The run could not happen because of its environment, not its input: Kubernetes or
 *  ARM unreachable or refusing, no usable credential, a port in use, Node too old.
 *  Printed as one line, exit 3. `code` is the registry code when there is one. */
export class EnvironmentError extends Error {
  readonly exitCode: number = EXIT.environment;
  readonly code: Code | undefined;
  constructor(message: string, code?: Code) {
    super(message);
    this.name = 'EnvironmentError';
    this.code = code;
  }
}
