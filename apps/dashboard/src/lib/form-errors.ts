import type { Problem } from '@vigil/contracts';

/**
 * Placing validation messages next to the fields they concern, for both sources: the contract
 * schema's issues before sending (`samples[0].name` as a path array) and the API's 400 problem
 * after (`errors[].path` as text: `spec.query.matchers[0].label`, or `spec.query.matchers.0` from
 * the rule kinds' own checks). Each form names its fields as request paths; a message goes to
 * the longest field that is a prefix of its path, and to the form's banner when none is.
 */

/** `spec.query.matchers[0].label` and `spec.query.matchers.0.label` both as the latter. */
export function normalizePath(path: string | readonly PropertyKey[]): string {
  if (typeof path !== 'string') return path.map(String).join('.');
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** The field among `fields` that `path` falls under (the longest prefix), if any. */
export function fieldForPath<F extends string>(path: string, fields: readonly F[]): F | undefined {
  const normalized = normalizePath(path);
  let best: F | undefined;
  for (const field of fields) {
    const under = normalized === field || normalized.startsWith(`${field}.`);
    if (under && (best === undefined || field.length > best.length)) best = field;
  }
  return best;
}

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface PlacedErrors<F extends string> {
  fields: FieldErrors<F>;
  /** Messages no field takes, with their paths, for the banner. */
  unplaced: string[];
}

interface ProblemLike {
  path: string | readonly PropertyKey[];
  message: string;
  /** zod's `invalid_key` issue (a record key refused) carries the key's own issues. */
  issues?: readonly { message: string }[];
}

/**
 * zod says only "Invalid key in record" for a refused record key (a label or header name); the
 * reason is in its nested issue, so that is shown, with the key it concerns.
 */
function messageOf(problem: ProblemLike): string {
  const inner = problem.issues?.[0]?.message;
  if (inner === undefined || typeof problem.path === 'string') return problem.message;
  return `"${String(problem.path.at(-1))}" ${inner}`;
}

/** Places `{ path, message }` pairs; the first message for a field wins (the most relevant, as schemas report in field order). */
export function placeErrors<F extends string>(problems: readonly ProblemLike[], fields: readonly F[]): PlacedErrors<F> {
  const placed: PlacedErrors<F> = { fields: {}, unplaced: [] };
  for (const problem of problems) {
    const path = normalizePath(problem.path);
    const field = fieldForPath(path, fields);
    const message = messageOf(problem);
    if (field === undefined) placed.unplaced.push(path ? `${path}: ${message}` : message);
    else placed.fields[field] ??= message;
  }
  return placed;
}

/** The API's 400 problem placed on the form's fields; a problem without `errors` places nothing. */
export function placeProblem<F extends string>(problem: Problem, fields: readonly F[]): PlacedErrors<F> {
  return placeErrors(problem.errors ?? [], fields);
}

export type FormResult<R, F extends string> = { ok: true; request: R } | { ok: false; errors: FieldErrors<F>; unplaced: string[] };

/** Merges messages found while reading the form's text fields with the schema's, the former first (they say how to write the value). */
export function failed<F extends string>(own: FieldErrors<F>, schema?: PlacedErrors<F>): { ok: false; errors: FieldErrors<F>; unplaced: string[] } {
  return { ok: false, errors: { ...schema?.fields, ...own }, unplaced: schema?.unplaced ?? [] };
}
