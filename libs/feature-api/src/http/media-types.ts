/**
 * The request media types each route reads, in one place, so every 415 (ours, and Fastify's own
 * refusal of a Content-Type header it cannot read) names what the route takes. Routes not listed
 * read JSON. Aliases (`application/protobuf`, `application/ndjson`) are accepted but not named.
 */
const RAW_BODY_ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/v1/metrics': ['application/x-protobuf', 'application/json'],
  '/v1/logs': ['application/x-protobuf', 'application/json'],
  '/api/v1/write': ['application/x-protobuf'],
  '/api/v1/ingest/logs': ['application/json', 'application/x-ndjson'],
};
const JSON_ONLY: readonly string[] = ['application/json'];
const ALIASES: Readonly<Record<string, string>> = { 'application/protobuf': 'application/x-protobuf', 'application/ndjson': 'application/x-ndjson' };

/** Every media type some route reads, aliases included: the body parsers registered. */
export const READABLE_MEDIA_TYPES = ['application/json', 'application/x-protobuf', 'application/protobuf', 'application/x-ndjson', 'application/ndjson'] as const;

/** `application/x-protobuf; charset=…` → `application/x-protobuf`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** `/api/v1/write?x=1` → `/api/v1/write`. */
export function routePath(url: string): string {
  return url.split('?')[0] ?? '';
}

/**
 * Routes whose handlers decode the bytes themselves (protobuf, OTLP/JSON, NDJSON, possibly
 * gzip- or snappy-compressed): their bodies reach the handler as a Buffer, undecoded.
 */
export function takesRawBody(path: string): boolean {
  return path in RAW_BODY_ROUTES;
}

/**
 * The public ping URLs of push checks (`/api/v1/push/<token>[/<signal>]`) take any body (a job's
 * output, as curl or wget sends it) and keep its bytes: it is the failure message, not a document.
 */
export function isPushPath(path: string): boolean {
  return /^\/api\/v1\/push\/[^/]+(\/[^/]+)?$/.test(path);
}

/** The media types a route reads, the main spelling of each. */
export function acceptedMediaTypes(path: string): readonly string[] {
  return RAW_BODY_ROUTES[path] ?? JSON_ONLY;
}

/** Whether a route reads `mediaType` (lower-case, without parameters). */
export function acceptsMediaType(path: string, mediaType: string): boolean {
  return acceptedMediaTypes(path).includes(ALIASES[mediaType] ?? mediaType);
}

/** `application/x-protobuf or application/json` */
export function describeMediaTypes(types: readonly string[]): string {
  return types.length <= 1 ? (types[0] ?? '') : `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`;
}

/** The detail of a 415: what was sent and what this route reads. */
export function unsupportedMediaTypeMessage(path: string, sent: string): string {
  return `This endpoint does not accept ${sent === '' ? 'a body without Content-Type' : `Content-Type "${sent}"`}; send ${describeMediaTypes(acceptedMediaTypes(path))}.`;
}
