import { z } from 'zod';

/** One recording pass of every SLO's SLI (docs/slo.md, Recording): a job scheduler, every minute. */
export const recordSlisPayloadSchema = z.object({});
