import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Linux's limit for a Unix socket path is 108 bytes with the terminating NUL; keep a margin. */
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * Where the running Vigil of `dataDir` (an absolute, real path) listens for operations: a Unix
 * socket in the data directory, so only who may enter that directory may ask (the socket is also
 * 0600). A data directory whose path is too long for a socket gets one in the temporary
 * directory, named by a hash of the path, so both sides still agree on it.
 */
export function controlSocketPath(dataDir: string): string {
  const inside = join(dataDir, 'control.sock');
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH_BYTES) return inside;
  return join(tmpdir(), `vigil-control-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}.sock`);
}
