import { DomainError } from '@vigil/server-kit';

/**
 * Why a query was refused; the API maps the DomainError code to 422. TIME_LIMIT: a log read
 * needed more engine time than it may use; TOO_MANY_GROUPS: a grouped log count had more groups.
 */
export type TelemetryQueryLimit = 'TOO_MANY_SERIES' | 'TOO_MANY_POINTS' | 'TIME_LIMIT' | 'TOO_MANY_GROUPS';

/**
 * A query that would return more than the caller allows. It extends DomainError (code
 * QUERY_LIMIT_EXCEEDED) so the API's one problem filter maps it without knowing this lib;
 * `reason` tells which limit was hit.
 */
export class TelemetryQueryError extends DomainError {
  constructor(
    readonly reason: TelemetryQueryLimit,
    message: string,
  ) {
    super('QUERY_LIMIT_EXCEEDED', message);
    this.name = 'TelemetryQueryError';
  }
}

export type TelemetryMigrationProblem = 'CHECKSUM_MISMATCH' | 'INVALID_FILE_NAME' | 'STATEMENT_FAILED';

/** A migration that cannot be applied; start-up must stop rather than run on a wrong schema. */
export class TelemetryMigrationError extends Error {
  constructor(
    readonly problem: TelemetryMigrationProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TelemetryMigrationError';
  }
}

/**
 * The write queue is full: the request is refused before anything is queued, so memory stays
 * bounded. Code OVERLOADED (the API answers 503 with Retry-After); `details.retryAfterSeconds`
 * estimates when the queue will have drained.
 */
export class OverloadedError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super('OVERLOADED', message, { retryAfterSeconds });
    this.name = 'OverloadedError';
  }
}
