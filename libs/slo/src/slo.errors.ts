/**
 * Errors of the SLO domain: a stable code, a message a person can act on, and the fields at
 * fault (paths inside the checked object or document). The API maps them to problems in one
 * place; this lib speaks no HTTP.
 */
export type SloErrorCode =
  /** A definition is not valid (a field, a window pair). */
  | 'INVALID_SLO'
  /** The SLI kind is defined but cannot be recorded yet (check SLIs wait for the checks store). */
  | 'UNSUPPORTED_SLI'
  /** An OpenSLO or Sloth document cannot be read or mapped. */
  | 'INVALID_IMPORT';

export interface SloFieldProblem {
  /** Dotted path, e.g. `slos[0].sli.events.error_query`. */
  path: string;
  message: string;
}

export class SloError extends Error {
  constructor(
    readonly code: SloErrorCode,
    message: string,
    readonly errors: readonly SloFieldProblem[] = [],
  ) {
    super(message);
    this.name = 'SloError';
  }
}
