'use client';

import type { ApiError } from '../../lib/api-client';

export function Loading({ what, testId = 'loading' }: { what: string; testId?: string }) {
  return (
    <p className="muted loading" aria-busy="true" data-testid={testId}>
      Loading {what}…
    </p>
  );
}

/** The API's problem as the person can act on it: title, detail, and which parameter was wrong. */
export function ErrorBanner({ error, onRetry }: { error: ApiError; onRetry?(): void }) {
  const { title, detail, errors, errorId } = error.problem;
  return (
    <div className="alert" role="alert" data-testid="error">
      <strong>{title}.</strong> {detail}
      {errors && errors.length > 0 ? (
        <ul className="problem-errors">
          {errors.map((one) => (
            <li key={`${one.path}:${one.message}`}>
              {one.path ? <code>{one.path}</code> : null} {one.message}
            </li>
          ))}
        </ul>
      ) : null}
      {errorId && !detail.includes(errorId) ? <span className="small"> (error id {errorId})</span> : null}
      {onRetry && retryable(error) ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** A 400 or 422 names what to change; asking again unchanged only helps when the server or the network failed. */
function retryable(error: ApiError): boolean {
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

/** A form's problems above its fields: the request's error, and the messages no field takes (`<testId>`). */
export function FormProblems({ error, unplaced, testId }: { error: ApiError | undefined; unplaced: readonly string[]; testId: string }) {
  return (
    <>
      {error ? <ErrorBanner error={error} /> : null}
      {unplaced.length > 0 ? (
        <div className="alert" role="alert" data-testid={testId}>
          {unplaced.join(' ')}
        </div>
      ) : null}
    </>
  );
}
