import { DomainError } from '@vigil/server-kit';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Decompressed bodies may be this many times the wire limit (telemetry compresses ~5–10×). */
export const DECOMPRESSION_FACTOR = 8;

/**
 * The body after Content-Encoding (gzip or deflate; `identity` or none as is). Snappy is
 * not a Content-Encoding here: remote_write's snappy is part of its format, decoded with it.
 * The output is bounded so a small "zip bomb" cannot exhaust memory.
 */
export async function decodeContentEncoding(body: unknown, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  if (!Buffer.isBuffer(body)) throw new DomainError('VALIDATION_FAILED', 'The request has no body.');
  const name = (encoding ?? 'identity').trim().toLowerCase();
  const limit = maxBytes * DECOMPRESSION_FACTOR;
  try {
    if (name === 'gzip' || name === 'x-gzip') return await gunzipAsync(body, { maxOutputLength: limit });
    if (name === 'deflate') return await inflateAsync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger|maxOutputLength/i.test((error as Error).message)) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `The ${name}-decompressed body is larger than ${limit} bytes.`);
    }
    throw new DomainError('VALIDATION_FAILED', `The body is not valid ${name}: ${(error as Error).message}`);
  }
  if (name === 'identity' || name === 'snappy') return body;
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${name}" is not supported; use gzip, deflate or none.`);
}
