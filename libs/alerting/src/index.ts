export { AlertingError, type AlertingErrorCode, type AlertingFieldProblem } from './alerting.errors';
export { digestOf, instanceKey, nameBasedId } from './identity';
export { compileMatchers, compileRegex, compileValueTest, formatMatcher, labelValue, type LabelPredicate, matcherProblems, matchesAll, translateRe2 } from './matchers';
export { breaches, isRecovered, loosestThreshold, type Points, recoveryThreshold, reduce, severityOf, thresholdFor, type Thresholds } from './thresholds';
