import { connect } from 'node:net';
import type { BackupManifest } from '../manifest';
import { type ControlReply, controlReplySchema } from './control-protocol';

/**
 * Asks the Vigil listening on `socketPath` for a backup into `target` (absolute) and resolves with
 * its manifest; `onProgress` gets its progress lines. Rejects with the server's message, or with
 * one that says Vigil is not running when nobody listens.
 */
export function requestBackup(socketPath: string, target: string, onProgress: (line: string) => void): Promise<BackupManifest> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let buffered = '';
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    socket.once('connect', () => socket.write(`${JSON.stringify({ command: 'backup', target })}\n`));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const notRunning = error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
      settle(() => reject(notRunning ? new NotRunningError(socketPath) : error));
    });
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const parsed = controlReplySchema.safeParse(parseJson(line));
        if (!parsed.success) {
          settle(() => reject(new Error(`Vigil answered something this command does not understand: ${line.slice(0, 200)}`)));
          socket.destroy();
          return;
        }
        const reply: ControlReply = parsed.data;
        if (reply.type === 'progress') onProgress(reply.message);
        else if (reply.type === 'done') settle(() => resolve(reply.manifest));
        else settle(() => reject(new Error(reply.message)));
      }
    });
    socket.once('close', () => settle(() => reject(new Error('Vigil closed the control connection without an answer (did it stop?)'))));
  });
}

/** Nobody listens on the control socket: Vigil does not run on that data directory. */
export class NotRunningError extends Error {
  constructor(readonly socketPath: string) {
    super(`Vigil is not running on this data directory (nothing listens on ${socketPath})`);
    this.name = 'NotRunningError';
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
