import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBodyParsers } from './body-parsers';
import { toProblem } from './problem';

// The parsers on a bare Fastify (in memory, through inject), with the same problem mapping as
// the API; the routes echo what reached them.
let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  registerBodyParsers(app);
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request.url.split('?')[0] ?? request.url);
    void reply.status(problem.status).headers(problem.headers).send(problem.body);
  });
  const echo = (request: { body: unknown }) => ({ raw: Buffer.isBuffer(request.body) ? request.body.length : null, parsed: Buffer.isBuffer(request.body) ? null : request.body });
  for (const url of ['/api/v1/ingest/metrics', '/api/v1/ingest/logs', '/v1/metrics', '/api/v1/write']) app.post(url, echo);
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

const post = (url: string, payload: string | Buffer, contentType?: string) =>
  app.inject({ method: 'POST', url, payload, headers: contentType === undefined ? {} : { 'content-type': contentType } });

describe('body parsers', () => {
  it('parse JSON for ordinary routes and hand raw bytes to the ingest routes', async () => {
    expect((await post('/api/v1/ingest/metrics?project=x', '{"samples":[]}', 'application/json; charset=utf-8')).json()).toEqual({ raw: null, parsed: { samples: [] } });
    expect((await post('/api/v1/ingest/logs', '{"message":"x"}\n', 'application/x-ndjson')).json()).toEqual({ raw: 16, parsed: null });
    expect((await post('/api/v1/ingest/logs', '{"message":"x"}', 'application/ndjson')).json()).toEqual({ raw: 15, parsed: null });
    expect((await post('/v1/metrics', Buffer.from([1, 2, 3]), 'application/protobuf')).json()).toEqual({ raw: 3, parsed: null });
  });

  it('refuse invalid UTF-8 in JSON with a 400 naming the field, the byte offset and the line', async () => {
    const body = Buffer.concat([Buffer.from('{"samples":[\n{"name":"a","value":1},\n{"name":"b","value":2,"labels":{"host":"h'), Buffer.from([0xff]), Buffer.from('"}}]}')]);
    const response = await post('/api/v1/ingest/metrics', body, 'application/json');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      detail: 'The request body is not valid UTF-8 at samples[1].labels.host (byte offset 78, line 3).',
      errors: [{ path: 'samples[1].labels.host', message: 'not valid UTF-8 (byte offset 78, line 3)' }],
    });
  });
});
