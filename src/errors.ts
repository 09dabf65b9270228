// Errors the user can fix by changing their input: printed as one line, exit 2.
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Exit codes are public API (README "Exit codes"). */
export const EXIT = { ok: 0, failed: 1, input: 2 } as const;
