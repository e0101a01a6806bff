/**
 * Errors of the alerting domain: a stable code and a message a person can act on, with the
 * fields at fault. The API maps them to problems in one place (`INVALID_*` → 400
 * VALIDATION_FAILED with `details.errors`); this lib speaks no HTTP and imports no server-kit
 * (it is `type:domain` and depends on contracts, metrics-query and croner only).
 */
export type AlertingErrorCode =
  /** A matcher's regex does not compile, or uses a construct RE2 and JavaScript read differently. */
  | 'INVALID_MATCHER'
  /** A rule's spec does not validate against its kind's schema. */
  | 'INVALID_RULE_SPEC'
  /** No kind of that name is registered. */
  | 'UNKNOWN_RULE_KIND'
  /** A kind of that name is registered already. */
  | 'DUPLICATE_RULE_KIND'
  /** A maintenance window's cron expression or time zone is not valid. */
  | 'INVALID_MAINTENANCE_WINDOW'
  /** The caller evaluated a rule without the data one of its requests asked for (a wiring bug). */
  | 'MISSING_DATA';

export interface AlertingFieldProblem {
  /** Dotted path inside the checked object, e.g. `query.matchers.0`. */
  path: string;
  message: string;
}

export class AlertingError extends Error {
  constructor(
    readonly code: AlertingErrorCode,
    message: string,
    readonly errors: readonly AlertingFieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AlertingError';
  }
}
