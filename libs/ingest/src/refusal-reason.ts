import { LIMIT_NAMES } from './ingest-limits';

/**
 * Why items were left out of a batch, as a bounded set: the limit that refused them (its
 * snake_case name, as reasons spell it), a cardinality limit of the series limiter, or
 * `invalid` for items no limit speaks of (a series without a name, a duplicate label, a sum
 * without temporality). Vigil's own `/metrics` counts refused items by these.
 */
export const REFUSAL_REASONS = [...Object.values(LIMIT_NAMES), 'max_active_series_per_metric', 'max_active_series_per_project', 'invalid'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

const KNOWN = new Set<string>(REFUSAL_REASONS);
const LIMIT_MENTION = /\(limit ([a-z_]+)\)/;

/**
 * The reason a refusal text names. Every limit's reason ends in `(limit <name>)` (ingest-limits.ts
 * and the series limiter keep to that), so the decoders need not pass a code beside the text.
 */
export function refusalReasonOf(text: string): RefusalReason {
  const named = LIMIT_MENTION.exec(text)?.[1];
  return named !== undefined && KNOWN.has(named) ? (named as RefusalReason) : 'invalid';
}
