import { PROBLEM_CONTENT_TYPE, problemSchema, type Problem } from '@vigil/contracts';
import type { z } from 'zod';

/** An API answer other than 2xx, carried as the RFC 9457 problem the API sent (or one made up for it). */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** From `Retry-After` on 429/503, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

export interface ApiRequestInit extends Omit<RequestInit, 'body'> {
  /** Sent as JSON. */
  json?: unknown;
  /**
   * What a 401 means: `redirect` (the default) sends the browser to /login because the session
   * ended; `throw` lets the caller show it (the sign-in form, where 401 means a wrong password).
   */
  onUnauthorized?: 'redirect' | 'throw';
}

/** `/login?next=<where the person is now>`, so signing in again returns them here. */
export function loginUrl(next: string): string {
  return next && next !== '/' && !next.startsWith('/login') ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

/** Only same-origin paths are followed after sign-in (`//evil.example` is another origin); else the overview. */
export function safeNextPath(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

async function send(path: string, init: ApiRequestInit): Promise<Response> {
  const { json, onUnauthorized = 'redirect', headers, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      ...rest,
      headers: { accept: `application/json, ${PROBLEM_CONTENT_TYPE}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'Could not reach the dashboard server. Check your connection and try again.' });
  }
  if (response.ok) return response;
  if (response.status === 401 && onUnauthorized === 'redirect') {
    window.location.assign(loginUrl(`${window.location.pathname}${window.location.search}`));
  }
  throw new ApiError(await readProblem(response), retryAfter(response));
}

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = problemSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: the API is down or something in between answered. Described below.
  }
  const detail =
    response.status >= 500
      ? `The Vigil API could not be reached or failed (HTTP ${response.status}). Is it running?`
      : `The request failed with HTTP ${response.status}.`;
  return { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail };
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Whatever a call threw, as an ApiError the error banner can show. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError({ type: 'about:blank', title: 'Unexpected answer', status: 0, detail: error instanceof Error ? error.message : String(error) });
}

/** Calls the API through this origin and validates the answer with the shared contract. */
export async function apiJson<S extends z.ZodType>(path: string, schema: S, init: ApiRequestInit = {}): Promise<z.output<S>> {
  const response = await send(path, init);
  const parsed = schema.safeParse(await response.json());
  if (parsed.success) return parsed.data;
  // A dashboard and an API of different versions; the issue list is for the browser console.
  console.error(`Unexpected answer from ${path}`, parsed.error.issues);
  const where = parsed.error.issues[0]?.path.join('.') || 'the body';
  throw new ApiError({ type: 'about:blank', title: 'Unexpected answer', status: 0, detail: `The API's answer did not have the expected shape (at ${where}). Are the API and the dashboard the same version?` });
}

/** Calls the API when the answer has no body worth reading (204). */
export async function apiSend(path: string, init: ApiRequestInit = {}): Promise<void> {
  await send(path, init);
}
