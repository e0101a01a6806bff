import { isUtf8 } from 'node:buffer';
import type * as protobuf from 'protobufjs';
import { IngestDecodeError } from '../ingest.errors';

export type OtlpFormat = 'protobuf' | 'json';

/**
 * An OTLP body as protobufjs message objects, from binary protobuf or OTLP/JSON (lowerCamelCase
 * names, int64 as strings or numbers, enums as integers, unknown fields ignored — all of which
 * protobufjs' fromObject does). `prepareJson` rewrites what OTLP/JSON encodes differently from
 * proto3 JSON (hex trace and span ids) before that.
 */
export function decodeOtlpBody<T>(body: Buffer, format: OtlpFormat, type: protobuf.Type, what: string, prepareJson?: (json: Record<string, unknown>) => void): T {
  if (format === 'protobuf') {
    try {
      return type.decode(body) as unknown as T;
    } catch (error) {
      throw new IngestDecodeError('MALFORMED', `${what}: invalid protobuf: ${describe(error)}`);
    }
  }
  // JSON.parse would quietly turn invalid UTF-8 into U+FFFD; the sender should hear about it.
  if (!isUtf8(body)) throw new IngestDecodeError('MALFORMED', `${what}: JSON body is not valid UTF-8`);
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new IngestDecodeError('MALFORMED', `${what}: invalid JSON: ${describe(error)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new IngestDecodeError('MALFORMED', `${what}: JSON body must be an object`);
  }
  prepareJson?.(json as Record<string, unknown>);
  try {
    return type.fromObject(json) as unknown as T;
  } catch (error) {
    // protobufjs names the field: `.opentelemetry.proto…ResourceMetrics.scopeMetrics: array expected`.
    throw new IngestDecodeError('MALFORMED', `${what}: invalid OTLP/JSON: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
