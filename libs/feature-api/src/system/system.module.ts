import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemFilter } from '../http/problem.filter';
import { HealthController } from './health.controller';

/**
 * What every Vigil process answers over HTTP, the worker and prober too: `/healthz`, `/readyz` and
 * `/metrics`, errors as problem details. The API imports it; the worker and prober mount it alone.
 */
@Module({
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
})
export class SystemModule {}
