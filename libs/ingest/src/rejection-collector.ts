import type { Rejection } from './batch';

/** Reasons kept per batch: enough to diagnose, bounded so a hostile request cannot grow the response. */
export const MAX_REJECTION_REASONS = 10;

/** Counts items left out of a batch and keeps the first distinct reasons. */
export class RejectionCollector {
  private count = 0;
  private readonly reasons = new Set<string>();

  add(items: number, reason: string): void {
    this.count += items;
    if (this.reasons.size < MAX_REJECTION_REASONS) this.reasons.add(reason);
  }

  toRejection(): Rejection {
    return { count: this.count, reasons: [...this.reasons] };
  }
}
