import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FixedWindowRateLimiter } from '@vigil/auth';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RedisAttemptCounterStore } from '../auth/redis-attempt-counter.store';
import { countRequestOrThrow } from '../http/rate-limit';
import { PUBLIC_STATUS_TTL_SECONDS, PublicStatusPageService } from './public-status-page.service';

/** Reads per client address per minute: a page open in many tabs of one office fits; a scraper in a loop does not. */
export const PUBLIC_STATUS_READS_PER_ADDRESS_PER_MINUTE = 300;

/**
 * Status pages as the public reads them: no session, no key. An unknown slug is a 404 that says
 * nothing more; the answer may be cached by browsers and CDNs for 30 s (the page changes no faster
 * than the checks' results); reads are limited per client address (429 with Retry-After).
 */
@ApiTags('status pages')
@Controller('api/v1/public/status-pages')
export class PublicStatusPagesController {
  private readonly perAddress: FixedWindowRateLimiter;

  constructor(
    @Inject(RUNTIME) runtime: VigilRuntime,
    private readonly pages: PublicStatusPageService,
  ) {
    this.perAddress = new FixedWindowRateLimiter(new RedisAttemptCounterStore(runtime.redis.client), PUBLIC_STATUS_READS_PER_ADDRESS_PER_MINUTE, 60_000);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A public status page: overall state, each shown check under its public name with 90 daily bars, incidents and notes (no authentication)' })
  async read(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await countRequestOrThrow(this.perAddress, `status-page-address:${request.ip}`, 'status page reads from this address');
    const page = await this.pages.read(slug);
    void reply.header('cache-control', `public, max-age=${PUBLIC_STATUS_TTL_SECONDS}`).header('access-control-allow-origin', '*');
    return page;
  }
}
