import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FixedWindowRateLimiter } from '@vigil/auth';
import { MAX_FAILURE_MESSAGE, type Ping } from '@vigil/probing';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditExempt } from '../audit/audit-draft';
import { RedisAttemptCounterStore } from '../auth/redis-attempt-counter.store';
import { countRequestOrThrow } from '../http/rate-limit';
import { CheckService } from './check.service';

/** Pings per token per minute: a job that reports start and end every few seconds fits; a loop gone wild does not. */
export const PUSH_PINGS_PER_TOKEN_PER_MINUTE = 60;
/** Pings per client address per minute, known tokens or not (guessing tokens is slowed here too). */
export const PUSH_PINGS_PER_ADDRESS_PER_MINUTE = 600;

/** `/start`, `/fail`, `/<exit status 0–255>`, or nothing (success). */
function parseSignal(signal: string | undefined, message: string | undefined): Ping {
  const withMessage = message === undefined ? {} : { message };
  if (signal === undefined) return { type: 'success', ...withMessage };
  if (signal === 'start') return { type: 'start' };
  if (signal === 'fail') return { type: 'fail', ...withMessage };
  if (/^\d{1,3}$/.test(signal) && Number(signal) <= 255) return { type: 'exit', code: Number(signal), ...withMessage };
  throw new DomainError('VALIDATION_FAILED', `Unknown ping "${signal}": use /start, /fail or an exit status 0–255 after the ping URL.`, { errors: [{ path: 'signal', message: 'must be start, fail or 0–255' }] });
}

/** A POST body, whatever its type, as the failure message (kept up to 10,000 characters). */
function messageOf(body: unknown): string | undefined {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  return body.subarray(0, MAX_FAILURE_MESSAGE * 4).toString('utf8').slice(0, MAX_FAILURE_MESSAGE);
}

/**
 * The public ping URLs of push checks (docs/checks.md), as healthchecks.io takes them: GET, HEAD
 * or POST `/api/v1/push/<token>` (success), `/start`, `/fail`, `/<exit status>`; a POST body is
 * kept as the failure message. No session and no key: the token is the credential (only its
 * SHA-256 is stored), so an unknown token is a 404 that says nothing more. Rate-limited per token
 * and per client address (429 with Retry-After).
 */
@ApiTags('checks')
@AuditExempt("a job's ping reports its run; it changes no configuration")
@Controller('api/v1/push')
export class PushController {
  private readonly perToken: FixedWindowRateLimiter;
  private readonly perAddress: FixedWindowRateLimiter;

  constructor(
    @Inject(RUNTIME) runtime: VigilRuntime,
    private readonly checks: CheckService,
  ) {
    const counters = new RedisAttemptCounterStore(runtime.redis.client);
    this.perToken = new FixedWindowRateLimiter(counters, PUSH_PINGS_PER_TOKEN_PER_MINUTE, 60_000);
    this.perAddress = new FixedWindowRateLimiter(counters, PUSH_PINGS_PER_ADDRESS_PER_MINUTE, 60_000);
  }

  // HEAD comes with every GET route: Fastify's exposeHeadRoutes runs the GET handler and drops the body.
  @Get(':token')
  @ApiOperation({ summary: 'Ping a push check: the job succeeded (GET, HEAD or POST; no authentication — the token is the credential)' })
  @HttpCode(200)
  success(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(token, undefined, undefined, request, reply);
  }

  @Post(':token')
  @ApiExcludeEndpoint()
  successPost(@Param('token') token: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(token, undefined, messageOf(body), request, reply);
  }

  @Get(':token/:signal')
  @ApiOperation({ summary: 'Ping a push check: /start (a run began), /fail (it failed), /<exit status> (0 succeeded, else failed); POST a body to keep it as the failure message' })
  signal(@Param('token') token: string, @Param('signal') signal: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(token, signal, undefined, request, reply);
  }

  @Post(':token/:signal')
  @ApiExcludeEndpoint()
  signalPost(@Param('token') token: string, @Param('signal') signal: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(token, signal, messageOf(body), request, reply);
  }

  private async handle(token: string, signal: string | undefined, message: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const ping = parseSignal(signal, message);
    await countRequestOrThrow(this.perAddress, `push-address:${request.ip}`, 'pings from this address');
    await countRequestOrThrow(this.perToken, `push-token:${token.slice(0, 64)}`, 'pings for this check');
    if (!(await this.checks.push.ping(token, ping, Date.now()))) throw new DomainError('NOT_FOUND', 'No check has this ping URL.');
    await reply.status(200).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send('OK');
  }
}
