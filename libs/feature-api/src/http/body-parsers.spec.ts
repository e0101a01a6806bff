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
  app.post('/api/v1/things', echo);
  app.delete('/api/v1/things', echo);
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

  it('answer 415 naming the types the route reads, for a type it does not read', async () => {
    const cases: [string, string | undefined, string][] = [
      ['/api/v1/ingest/logs', 'application/x-protobuf', 'This endpoint does not accept Content-Type "application/x-protobuf"; send application/json or application/x-ndjson.'],
      ['/api/v1/ingest/logs', 'text/plain', 'This endpoint does not accept Content-Type "text/plain"; send application/json or application/x-ndjson.'],
      ['/api/v1/ingest/metrics', 'application/x-ndjson', 'This endpoint does not accept Content-Type "application/x-ndjson"; send application/json.'],
      ['/api/v1/write', 'application/json', 'This endpoint does not accept Content-Type "application/json"; send application/x-protobuf.'],
      ['/v1/metrics', 'text/plain', 'This endpoint does not accept Content-Type "text/plain"; send application/x-protobuf or application/json.'],
      ['/api/v1/ingest/metrics', undefined, 'This endpoint does not accept a body without Content-Type; send application/json.'],
      // A header Fastify cannot parse is refused by Fastify itself, mapped in problem.ts.
      ['/api/v1/ingest/logs', 'not a media type', 'This endpoint cannot read this Content-Type; send application/json or application/x-ndjson.'],
    ];
    for (const [url, type, detail] of cases) {
      const response = await post(url, 'x', type);
      expect(response.statusCode, `${url} ${type}`).toBe(415);
      expect(response.json(), `${url} ${type}`).toMatchObject({ status: 415, detail });
    }
  });

  it('answer 415 for a compressed JSON body on a route that does not decompress', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/ingest/metrics', payload: Buffer.from([0x1f, 0x8b, 8, 0]), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ detail: 'This endpoint does not read Content-Encoding "gzip"; send the body uncompressed.' });
  });

  it('take an empty JSON body as no body, as a client that labels every request JSON sends it', async () => {
    for (const method of ['DELETE', 'POST'] as const) {
      const response = await app.inject({ method, url: '/api/v1/things', payload: '', headers: { 'content-type': 'application/json' } });
      expect(response.statusCode, method).toBe(200);
      expect(response.json(), method).toEqual({ raw: null }); // parsed: undefined
    }
  });

  it('leave a body of any type on an unknown path to the 404', async () => {
    expect((await post('/nowhere', 'x', 'text/plain')).statusCode).toBe(404);
  });
});
