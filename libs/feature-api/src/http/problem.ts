import { isDatabaseBusyError } from '@vigil/config-store';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@vigil/contracts';
import { DomainError, type DomainErrorCode } from '@vigil/server-kit';
import { randomUUID } from 'node:crypto';
import { acceptedMediaTypes, describeMediaTypes } from './media-types';

const STATUS_BY_CODE: Record<DomainErrorCode, { status: number; title: string }> = {
  VALIDATION_FAILED: { status: 400, title: 'Bad Request' },
  UNAUTHENTICATED: { status: 401, title: 'Unauthorized' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not Found' },
  CONFLICT: { status: 409, title: 'Conflict' },
  GONE: { status: 410, title: 'Gone' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload Too Large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported Media Type' },
  RATE_LIMITED: { status: 429, title: 'Too Many Requests' },
  OVERLOADED: { status: 503, title: 'Service Unavailable' },
  QUERY_LIMIT_EXCEEDED: { status: 422, title: 'Unprocessable Content' },
};

/** Fastify's own errors for bodies it cannot read, mapped to our codes. */
const FASTIFY_CODES: Record<string, DomainErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

export interface ProblemResponse {
  status: number;
  headers: Record<string, string>;
  body: Problem;
  /** Set for unexpected errors, which the caller logs with this id. */
  errorId?: string;
}

function typeUri(code: string): string {
  return `https://vigil.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

function fromDomainError(error: DomainError, instance: string): ProblemResponse {
  const { status, title } = STATUS_BY_CODE[error.code];
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (error.details.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.details.retryAfterSeconds);
  return {
    status,
    headers,
    body: { type: typeUri(error.code), title, status, detail: error.message, instance, ...(error.details.errors ? { errors: error.details.errors } : {}) },
  };
}

function fastifyError(error: unknown, path: string): DomainError | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = FASTIFY_CODES[String((error as { code: unknown }).code)];
  if (!code) return undefined;
  const message = (error as { message?: string }).message ?? 'the request body could not be read';
  if (code === 'PAYLOAD_TOO_LARGE') {
    return new DomainError(code, 'The request body is larger than this endpoint accepts (see INGEST_MAX_BODY_BYTES).');
  }
  // The body parsers name the type they refused; Fastify refuses a header it cannot parse itself.
  if (code === 'UNSUPPORTED_MEDIA_TYPE') return new DomainError(code, `This endpoint cannot read this Content-Type; send ${describeMediaTypes(acceptedMediaTypes(path))}.`);
  return new DomainError(code, `The request body is not valid JSON: ${message}`, { errors: [{ path: '(body)', message }] });
}

function httpStatusError(error: unknown): DomainError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: number; status?: number }).statusCode ?? (error as { status?: number }).status;
  if (status === 404) return new DomainError('NOT_FOUND', 'No route matches this method and path.');
  if (status === 405) return new DomainError('NOT_FOUND', 'This method is not allowed on this path.');
  return undefined;
}

/** Seconds a client is asked to wait when the configuration database is busy. */
const DATABASE_BUSY_RETRY_SECONDS = 5;

/** A busy or unreachable Postgres is overload, not a bug: 503 with Retry-After (the transaction was rolled back). */
function databaseBusyError(error: unknown): DomainError | undefined {
  if (!isDatabaseBusyError(error)) return undefined;
  return new DomainError('OVERLOADED', 'The configuration database did not answer in time; the request was not completed. Retry shortly.', { retryAfterSeconds: DATABASE_BUSY_RETRY_SECONDS });
}

/** One mapping from anything thrown to RFC 9457 problem details; 500s show only an error id. */
export function toProblem(error: unknown, instance: string): ProblemResponse {
  const known = error instanceof DomainError ? error : (fastifyError(error, instance) ?? httpStatusError(error) ?? databaseBusyError(error));
  if (known) return fromDomainError(known, instance);
  const errorId = randomUUID();
  return {
    status: 500,
    errorId,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: {
      type: typeUri('INTERNAL'),
      title: 'Internal Server Error',
      status: 500,
      detail: `Something went wrong on our side. Quote error id ${errorId} when reporting it.`,
      instance,
      errorId,
    },
  };
}
