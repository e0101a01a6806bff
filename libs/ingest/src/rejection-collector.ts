import type { RefusedPlace, Rejection } from './batch';
import { type RefusalReason, refusalReasonOf } from './refusal-reason';

/** Reasons kept per batch: enough to diagnose, bounded so a hostile request cannot grow the response. */
export const MAX_REJECTION_REASONS = 10;

/** Counts items left out of a batch, by reason, and keeps the first distinct reason texts. */
export class RejectionCollector {
  private count = 0;
  private readonly reasons = new Set<string>();
  private readonly byReason: Partial<Record<RefusalReason, number>> = {};
  private readonly places: RefusedPlace[] = [];

  /** `place`: where in the body the refused item is, for decoders whose input has paths. */
  add(items: number, reason: string, place?: RefusedPlace): void {
    this.count += items;
    if (items > 0) {
      const code = refusalReasonOf(reason);
      this.byReason[code] = (this.byReason[code] ?? 0) + items;
    }
    if (this.reasons.size < MAX_REJECTION_REASONS) this.reasons.add(reason);
    if (place && this.places.length < MAX_REJECTION_REASONS) this.places.push(place);
  }

  /** `byReason` only when something was refused, so an empty rejection stays `{ count: 0, reasons: [] }`. */
  toRejection(): Rejection {
    const rejection: Rejection = { count: this.count, reasons: [...this.reasons] };
    if (this.count > 0) rejection.byReason = { ...this.byReason };
    if (this.places.length > 0) rejection.places = [...this.places];
    return rejection;
  }
}
