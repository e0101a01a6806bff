export { DomainError, type DomainErrorCode, type FieldProblem } from './errors';
export { fieldProblems, parseOrThrow } from './validation';
export { correlation, createLogger, type Logger } from './logger';
