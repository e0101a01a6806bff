import { DomainError } from '@vigil/server-kit';
import { createHash } from 'node:crypto';

/**
 * Where a page of `GET /api/v1/logs` ended, in the order (timestamp DESC, key DESC):
 * the last record's timestamp and content key, how many records with exactly that timestamp
 * and key were returned (identical records share a key), and how many with that timestamp were
 * returned in all (so the next page fetches enough to step over them in one query).
 */
export interface LogCursor {
  timestampMs: number;
  key: string;
  sameKey: number;
  sameTimestamp: number;
}

/** A cursor this API did not issue, or one that was altered. Maps to 400 naming `cursor`. */
export class LogCursorError extends DomainError {
  constructor() {
    const message = 'is not a cursor this API issued; pass nextCursor from the previous page unchanged, or leave it out to start over';
    super('VALIDATION_FAILED', `Invalid logs query: cursor: ${message}`, { errors: [{ path: 'cursor', message }] });
    this.name = 'LogCursorError';
  }
}

const VERSION = 'v1';
const KEY_PATTERN = /^[0-9a-f]{16}$/;
const COUNT_PATTERN = /^[1-9]\d{0,8}$/;

// A checksum, not a signature: it catches a cursor that was cut or edited, which would
// otherwise silently page from somewhere else. Forging one gains nothing — queries stay
// scoped to the caller's project.
const check = (payload: string): string => createHash('sha256').update(payload).digest('base64url').slice(0, 8);

export function encodeLogCursor(cursor: LogCursor): string {
  const payload = [VERSION, cursor.timestampMs, cursor.key, cursor.sameKey, cursor.sameTimestamp].join('.');
  return Buffer.from(`${payload}.${check(payload)}`).toString('base64url');
}

/** Throws LogCursorError unless `text` is intact output of encodeLogCursor. */
export function decodeLogCursor(text: string): LogCursor {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(text)) throw new LogCursorError();
  const decoded = Buffer.from(text, 'base64url').toString('latin1');
  const parts = decoded.split('.');
  if (parts.length !== 6) throw new LogCursorError();
  const [version, timestamp, key, sameKey, sameTimestamp, sum] = parts as [string, string, string, string, string, string];
  if (version !== VERSION || sum !== check(parts.slice(0, 5).join('.'))) throw new LogCursorError();
  if (!/^\d{1,15}$/.test(timestamp) || !KEY_PATTERN.test(key) || !COUNT_PATTERN.test(sameKey) || !COUNT_PATTERN.test(sameTimestamp)) throw new LogCursorError();
  const cursor = { timestampMs: Number(timestamp), key, sameKey: Number(sameKey), sameTimestamp: Number(sameTimestamp) };
  if (cursor.sameKey > cursor.sameTimestamp) throw new LogCursorError();
  return cursor;
}
