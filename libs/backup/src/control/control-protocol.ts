import { z } from 'zod';
import { backupManifestSchema } from '../manifest';

/**
 * The control channel speaks NDJSON: one request line from the client, then any number of
 * progress lines and one final `done` or `error` line from the server, which then closes.
 */
export const controlRequestSchema = z.object({ command: z.literal('backup'), target: z.string().min(1) });
export type ControlRequest = z.infer<typeof controlRequestSchema>;

export const controlReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), message: z.string() }),
  z.object({ type: z.literal('done'), manifest: backupManifestSchema }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ControlReply = z.infer<typeof controlReplySchema>;

/** Requests are one short line; anything longer is not a client of ours. */
export const MAX_REQUEST_BYTES = 64 * 1024;
