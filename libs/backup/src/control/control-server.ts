import { chmod, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import type { BackupManifest } from '../manifest';
import { type ControlReply, controlRequestSchema, MAX_REQUEST_BYTES } from './control-protocol';

export type BackupHandler = (target: string, progress: (line: string) => void) => Promise<BackupManifest>;

export interface ControlServer {
  readonly socketPath: string;
  /** Stops listening; a backup in progress finishes (or fails with the engines). */
  close(): Promise<void>;
}

/**
 * Listens on `socketPath` for the operations only the running process can do (today: a backup,
 * since chDB's data directory is locked by this process). Considered: an admin route in the HTTP
 * API — it would let an API key write files wherever the server may, and is reachable from other
 * machines when HOST is 0.0.0.0; a socket in the data directory is reachable only by who may read
 * the data anyway. One backup at a time; a second request gets an error reply.
 *
 * The caller owns the data directory (one Vigil per data directory), so a socket file left by a
 * killed process is removed before listening.
 */
export async function startControlServer(socketPath: string, backup: BackupHandler, log: (line: string) => void): Promise<ControlServer> {
  let busy = false;
  const handle = async (socket: Socket, line: string) => {
    const reply = (message: ControlReply) => socket.write(`${JSON.stringify(message)}\n`);
    let parsed;
    try {
      parsed = controlRequestSchema.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      socket.end(`${JSON.stringify({ type: 'error', message: 'not a control request' } satisfies ControlReply)}\n`);
      return;
    }
    if (busy) {
      socket.end(`${JSON.stringify({ type: 'error', message: 'a backup is already running; try again when it has finished' } satisfies ControlReply)}\n`);
      return;
    }
    busy = true;
    log(`backup into ${parsed.data.target} requested`);
    try {
      const manifest = await backup(parsed.data.target, (message) => {
        log(`backup: ${message}`);
        reply({ type: 'progress', message });
      });
      log(`backup into ${parsed.data.target} done in ${manifest.durationMs} ms (point ${manifest.point})`);
      socket.end(`${JSON.stringify({ type: 'done', manifest } satisfies ControlReply)}\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`backup into ${parsed.data.target} failed: ${message}`);
      socket.end(`${JSON.stringify({ type: 'error', message } satisfies ControlReply)}\n`);
    } finally {
      busy = false;
    }
  };

  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline === -1) {
        if (buffered.length > MAX_REQUEST_BYTES) socket.destroy();
        return;
      }
      socket.off('data', onData);
      void handle(socket, buffered.slice(0, newline));
    };
    socket.on('data', onData);
  });
  await rm(socketPath, { force: true });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(socketPath, () => {
      server.off('error', fail);
      done();
    });
  });
  await chmod(socketPath, 0o600);
  return {
    socketPath,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        void rm(socketPath, { force: true });
      }),
  };
}
