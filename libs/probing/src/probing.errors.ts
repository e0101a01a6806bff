/** A check's definition that the contract's schema cannot judge alone (a cycle of dependencies…). */
export class ProbingError extends Error {
  constructor(
    readonly code: 'INVALID_CHECK',
    message: string,
    readonly errors: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ProbingError';
  }
}
