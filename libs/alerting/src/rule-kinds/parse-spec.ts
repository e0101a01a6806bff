import type { LabelMatcher } from '@vigil/contracts';
import type { z } from 'zod';
import { AlertingError, type AlertingFieldProblem } from '../alerting.errors';
import { matcherProblems } from '../matchers';

/**
 * Parses a spec with its zod schema (from @vigil/contracts: one schema for the API, the worker
 * and the dashboard), then checks the matchers the schema cannot (RE2 vs JS, see matchers.ts).
 * Throws INVALID_RULE_SPEC with every problem and its path.
 */
export function parseWithSchema<Spec>(kind: string, schema: z.ZodType<Spec>, input: unknown, matchersOf: (spec: Spec) => Record<string, readonly LabelMatcher[]>): Spec {
  const parsed = schema.safeParse(input);
  const problems: AlertingFieldProblem[] = parsed.success
    ? Object.entries(matchersOf(parsed.data)).flatMap(([path, matchers]) => matcherProblems(matchers, path))
    : parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  if (!parsed.success || problems.length > 0) {
    throw new AlertingError('INVALID_RULE_SPEC', `Invalid ${kind} spec: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}.`, problems);
  }
  return parsed.data;
}
