import { z } from 'zod';

/** The processes that prove they are alive by recording heartbeats. */
export const heartbeatComponentSchema = z.enum(['worker', 'prober']);
export type HeartbeatComponent = z.infer<typeof heartbeatComponentSchema>;

export const heartbeatPayloadSchema = z.object({ component: heartbeatComponentSchema });
export type HeartbeatPayload = z.infer<typeof heartbeatPayloadSchema>;
