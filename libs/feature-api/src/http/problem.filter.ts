import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { DomainError, type Logger } from '@vigil/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { toProblem } from './problem';

/** Nest's own HTTP exceptions (e.g. a route guard's) become domain errors before mapping. */
function normalise(error: unknown): unknown {
  if (!(error instanceof HttpException)) return error;
  const status = error.getStatus();
  if (status === 404) return new DomainError('NOT_FOUND', 'No route matches this method and path.');
  if (status === 401) return new DomainError('UNAUTHENTICATED', error.message);
  if (status === 403) return new DomainError('FORBIDDEN', error.message);
  if (status === 413) return new DomainError('PAYLOAD_TOO_LARGE', error.message);
  if (status === 415) return new DomainError('UNSUPPORTED_MEDIA_TYPE', error.message);
  if (status >= 400 && status < 500) return new DomainError('VALIDATION_FAILED', error.message);
  return error;
}

function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const problem = toProblem(normalise(error), request.url.split('?')[0] ?? request.url);
  if (problem.errorId) logger.error({ err: error, errorId: problem.errorId, url: request.url }, 'unhandled error');
  else if (problem.status === 503 && !(error instanceof DomainError)) logger.warn({ err: error, url: request.url }, 'answered 503: the configuration database was busy');
  void reply.status(problem.status).headers(problem.headers).send(JSON.stringify(problem.body));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.runtime.logger);
  }
}
