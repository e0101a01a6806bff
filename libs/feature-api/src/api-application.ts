import fastifyCookie from '@fastify/cookie';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { VigilRuntime } from '@vigil/runtime';
import { correlation } from '@vigil/server-kit';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { registerBodyParsers } from './http/body-parsers';

const CORRELATION_HEADER = 'x-request-id';

/**
 * Builds the Fastify-based Nest application around `rootModule` (the API alone, the standalone
 * composition, or a worker or prober with SystemModule's health and metrics): body limits,
 * cookies, request ids, self metrics and OpenAPI at /api/docs. Errors, Fastify's own body errors included, reach ProblemFilter through Nest's
 * error handler.
 */
export async function createApiApplication(rootModule: Type | DynamicModule, runtime: VigilRuntime): Promise<NestFastifyApplication> {
  const trusted = runtime.config.TRUST_PROXY.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const adapter = new FastifyAdapter({
    bodyLimit: runtime.config.INGEST_MAX_BODY_BYTES,
    // The client's own address (sign-in limits, audit) comes through the dashboard's proxy in
    // X-Forwarded-For; only proxies in TRUST_PROXY are believed (default: this machine).
    trustProxy: trusted.length === 0 ? false : trusted,
    // Correlation ids from a trusted proxy are reused; otherwise each request gets a new one.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers[CORRELATION_HEADER];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    logger: false,
    // On close: idle keep-alive connections are closed, requests in flight finish first.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { logger: ['error', 'warn'], abortOnError: false, bodyParser: false });
  await app.register(fastifyCookie);

  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify);
  const { http } = runtime.selfMetrics;
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    correlation.run({ correlationId: request.id }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    http.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vigil API')
      .setDescription('Ingest, query and configuration API of Vigil. Errors are RFC 9457 problem details.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A project API key (vgl_…)' })
      .addCookieAuth('vigil_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
