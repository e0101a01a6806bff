import { isUtf8 } from 'node:buffer';
import type * as protobuf from 'protobufjs';
import { IngestDecodeError } from '../ingest.errors';
import { WireError } from '../remote-write/wire-reader';

export type OtlpFormat = 'protobuf' | 'json';

/** How one OTLP request type is read: its hand-written protobuf reader and protobufjs' type for OTLP/JSON. */
export interface OtlpBodyReader<T> {
  what: string;
  readProtobuf: (body: Buffer) => T;
  jsonType: () => protobuf.Type;
  /** Rewrites what OTLP/JSON encodes differently from proto3 JSON (hex trace and span ids). */
  prepareJson?: (json: Record<string, unknown>) => void;
}

/**
 * An OTLP body as the plain message shapes of otlp-messages.ts: binary protobuf through the
 * hand-written reader (a wire fault is the sender's, a 400), OTLP/JSON through protobufjs'
 * fromObject (lowerCamelCase names, int64 as strings or numbers, enums as integers, unknown
 * fields ignored), after `prepareJson`.
 */
export function decodeOtlpBody<T>(body: Buffer, format: OtlpFormat, reader: OtlpBodyReader<T>): T {
  const what = reader.what;
  if (format === 'protobuf') {
    try {
      return reader.readProtobuf(body);
    } catch (error) {
      if (error instanceof WireError) throw new IngestDecodeError('MALFORMED', `${what}: invalid protobuf: ${error.message}`);
      throw error;
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
  reader.prepareJson?.(json as Record<string, unknown>);
  try {
    return reader.jsonType().fromObject(json) as unknown as T;
  } catch (error) {
    // protobufjs names the field: `.opentelemetry.proto…ResourceMetrics.scopeMetrics: array expected`.
    throw new IngestDecodeError('MALFORMED', `${what}: invalid OTLP/JSON: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
