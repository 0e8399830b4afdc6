/**
 * A user's mistake (bad input, a refused file, a rejected document): a stable code and a Chinese message.
 * Anything else thrown is a broken invariant (a plain Error; a 500 over HTTP, a stack trace on the CLI).
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** exit code for the CLI: 1 the data failed, 2 wrong usage */
    readonly exitCode: 1 | 2 = 1,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;
