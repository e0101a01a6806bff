import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import type { FastifyReply } from 'fastify';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: Promise<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    check.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

@ApiTags('system')
@Controller()
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: ClickHouse, Postgres and Redis answer; 503 names those that do not' })
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ready' | 'unavailable'; checks: Record<string, string> }> {
    const checks = {
      clickhouse: () => this.runtime.telemetry.ping(),
      postgres: () => this.runtime.store.ping(),
      redis: () => this.runtime.redis.client.ping(),
    };
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check());
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, `unreachable: ${(error as Error).message}`] as const;
        }
      }),
    );
    const failing = results.filter(([, state]) => state !== 'ok').map(([name]) => name);
    if (failing.length > 0) {
      void reply.status(503).header('retry-after', '5');
      return { status: 'unavailable', checks: Object.fromEntries(results) };
    }
    return { status: 'ready', checks: Object.fromEntries(results) };
  }

  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.runtime.selfMetrics.exposition();
  }
}
