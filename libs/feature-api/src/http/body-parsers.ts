import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeJsonPosition, findInvalidUtf8, jsonPositionAt } from '@vigil/ingest';
import { DomainError } from '@vigil/server-kit';

/**
 * Routes whose handlers decode the bytes themselves (protobuf, OTLP/JSON, NDJSON, possibly
 * gzip- or snappy-compressed): their bodies reach the handler as a Buffer, undecoded.
 */
const RAW_BODY_ROUTES = ['/v1/metrics', '/v1/logs', '/api/v1/write', '/api/v1/ingest/logs'];

function wantsRawBody(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return RAW_BODY_ROUTES.includes(path);
}

/**
 * `JSON.parse(body.toString())` would store invalid UTF-8 as U+FFFD; this says where it is:
 * `The request body is not valid UTF-8 at samples[3].labels.host (byte offset 181, line 1).`
 */
function invalidUtf8Error(body: Buffer): DomainError | undefined {
  const invalid = findInvalidUtf8(body);
  if (!invalid) return undefined;
  const field = describeJsonPosition(jsonPositionAt(body, invalid.offset));
  const at = `byte offset ${invalid.offset}, line ${invalid.line}`;
  return new DomainError('VALIDATION_FAILED', `The request body is not valid UTF-8${field === '' ? '' : ` at ${field}`} (${at}).`, {
    errors: [{ path: field === '' ? '(body)' : field, message: `not valid UTF-8 (${at})` }],
  });
}

/**
 * Replaces Fastify's body parsers: JSON is checked to be UTF-8 and parsed for ordinary routes and kept raw for the
 * ingest routes; protobuf and NDJSON are accepted as raw bytes (on the ingest routes only,
 * checked by the handlers); anything else is 415.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (wantsRawBody(request)) return done(null, body);
    if (body.length === 0) return done(new DomainError('VALIDATION_FAILED', 'The request body is empty; send a JSON document.'), undefined);
    const notUtf8 = invalidUtf8Error(body);
    if (notUtf8) return done(notUtf8, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')) as unknown);
    } catch (error) {
      done(new DomainError('VALIDATION_FAILED', `The request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  for (const type of ['application/x-protobuf', 'application/protobuf', 'application/x-ndjson', 'application/ndjson']) {
    fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (request, body: Buffer, done) => {
      if (!wantsRawBody(request)) return done(new DomainError('UNSUPPORTED_MEDIA_TYPE', `This endpoint does not accept ${type}; send application/json.`), undefined);
      done(null, body);
    });
  }
}
