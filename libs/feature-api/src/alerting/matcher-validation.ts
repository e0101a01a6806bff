import { type AlertingFieldProblem, matcherProblems } from '@vigil/alerting';
import type { LabelMatcher } from '@vigil/contracts';
import { DomainError } from '@vigil/server-kit';

/** A 400 listing every problem with its path, as the contract's own validation does. */
export function invalidFields(what: string, problems: readonly AlertingFieldProblem[]): DomainError {
  return new DomainError('VALIDATION_FAILED', `Invalid ${what}: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}.`, { errors: [...problems] });
}

/** Matchers must also read the same in RE2 and JavaScript (the engine evaluates them in both). */
export function checkMatchers(matchers: readonly LabelMatcher[], path: string, what = 'matchers'): void {
  const problems = matcherProblems(matchers, path);
  if (problems.length > 0) throw invalidFields(what, problems);
}
