import type { Rejection } from './batch';
import { type RefusalReason, refusalReasonOf } from './refusal-reason';

/** Reasons kept per batch: enough to diagnose, bounded so a hostile request cannot grow the response. */
export const MAX_REJECTION_REASONS = 10;

/** Counts items left out of a batch, by reason, and keeps the first distinct reason texts. */
export class RejectionCollector {
  private count = 0;
  private readonly reasons = new Set<string>();
  private readonly byReason: Partial<Record<RefusalReason, number>> = {};

  add(items: number, reason: string): void {
    this.count += items;
    if (items > 0) {
      const code = refusalReasonOf(reason);
      this.byReason[code] = (this.byReason[code] ?? 0) + items;
    }
    if (this.reasons.size < MAX_REJECTION_REASONS) this.reasons.add(reason);
  }

  /** `byReason` only when something was refused, so an empty rejection stays `{ count: 0, reasons: [] }`. */
  toRejection(): Rejection {
    const rejection: Rejection = { count: this.count, reasons: [...this.reasons] };
    if (this.count > 0) rejection.byReason = { ...this.byReason };
    return rejection;
  }
}
