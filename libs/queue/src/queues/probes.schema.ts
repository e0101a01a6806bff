import { z } from 'zod';

/**
 * One run of one check in the queue's region. `version` is the check's `updatedAt` (epoch ms)
 * when its schedule was written, so a prober can use its cached definition until the check
 * changes; `manual` marks "run now" (outside the one-run-per-interval claim).
 */
export const runCheckPayloadSchema = z.object({ checkId: z.string().uuid(), version: z.number().int().nonnegative(), manual: z.boolean().default(false) });

/**
 * One batch of a region's scheduled checks (docs/checks.md, Scheduling): the checks of one
 * interval whose offsets fall in one slot of it (@vigil/probing's batchOf). The prober knows the
 * members; the job says which batch fired.
 */
export const runBatchPayloadSchema = z.object({ everyMs: z.number().int().positive(), index: z.number().int().nonnegative() });

/** Looks for push checks whose deadline passed (a job scheduler every few seconds, any region). */
export const sweepPushPayloadSchema = z.object({});
