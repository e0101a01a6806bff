import type { z } from 'zod';
import { DomainError, type FieldProblem } from './errors';

/** `samples[3].labels.service` — the form people read in error messages. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

/** A refused record key says why (zod's own text is only "Invalid key in record"). */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues.length > 0) return `the key is invalid: ${issue.issues.map((inner) => inner.message).join('; ')}`;
  return issue.message;
}

/** One problem per field, its path naming it: an unknown key is named itself (`spec.colour`, not `spec`). */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  const problems = error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `unknown field "${key}"` }));
    return [{ path: formatPath(issue.path) || '(body)', message: messageOf(issue) }];
  });
  return problems.slice(0, 20);
}

/** Parses `input` or throws VALIDATION_FAILED naming the first fields that are wrong. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // Only a request body is ever undefined (query strings parse to an object).
  if (input === undefined) {
    throw new DomainError('VALIDATION_FAILED', `Invalid ${what}: the request body is missing; send a JSON document.`, { errors: [{ path: '(body)', message: 'missing' }] });
  }
  const errors = fieldProblems(result.error);
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new DomainError('VALIDATION_FAILED', `Invalid ${what}: ${first?.path}: ${first?.message}${more}`, { errors });
}
