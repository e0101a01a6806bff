import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeJsonPosition, findInvalidUtf8, jsonPositionAt } from '@vigil/ingest';
import { DomainError } from '@vigil/server-kit';
import { acceptsMediaType, isPushPath, mediaType, READABLE_MEDIA_TYPES, routePath, takesRawBody, unsupportedMediaTypeMessage } from './media-types';

function unsupported(request: FastifyRequest, sent: string): DomainError {
  return new DomainError('UNSUPPORTED_MEDIA_TYPE', unsupportedMediaTypeMessage(routePath(request.url), sent));
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
 * Replaces Fastify's body parsers: JSON is checked to be UTF-8 and parsed for ordinary routes,
 * and kept raw for the ingest routes, whose handlers decode it (protobuf and NDJSON too). A media
 * type the route does not read is a 415 naming the ones it does (media-types.ts), also for types
 * no route reads (the catch-all parser) — unless no route matched, which stays a 404.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  for (const type of READABLE_MEDIA_TYPES) {
    fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (request, body: Buffer, done) => {
      const path = routePath(request.url);
      if (isPushPath(path)) return done(null, body);
      if (!acceptsMediaType(path, type)) return done(unsupported(request, type), undefined);
      if (takesRawBody(path)) return done(null, body);
      // Only the ingest routes decompress (request-body.ts); compressed bytes would read as
      // invalid UTF-8 here, which would name the wrong problem.
      const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity') {
        return done(new DomainError('UNSUPPORTED_MEDIA_TYPE', `This endpoint does not read Content-Encoding "${encoding}"; send the body uncompressed.`), undefined);
      }
      // An empty body is no body: HTTP clients that put `Content-Type: application/json` on every
      // request (a DELETE or an action's POST included) are answered as if they had sent none,
      // and a route that needs a body says it is missing (parseOrThrow).
      if (body.length === 0) return done(null, undefined);
      const notUtf8 = invalidUtf8Error(body);
      if (notUtf8) return done(notUtf8, undefined);
      try {
        done(null, JSON.parse(body.toString('utf8')) as unknown);
      } catch (error) {
        done(new DomainError('VALIDATION_FAILED', `The request body is not valid JSON: ${(error as Error).message}`), undefined);
      }
    });
  }
  // Any other type, and a body without Content-Type: refused, except by the push URLs, which keep it.
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (request.is404) return done(null, undefined);
    if (isPushPath(routePath(request.url))) return done(null, body);
    done(unsupported(request, mediaType(request.headers['content-type'])), undefined);
  });
}
