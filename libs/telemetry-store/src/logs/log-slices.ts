import type { LogFilter } from './log-search.sql';

/** A time range in epoch ms, both ends inclusive. */
export interface TimeSlice {
  readonly from: number;
  readonly to: number;
}

export interface SliceOptions {
  /** Width of the first slice (ms). */
  readonly initialMs: number;
  /** Engine time one slice should take: wider when faster, narrower when slower. */
  readonly targetRunMs: number;
  /** Narrowest slice (ms). */
  readonly minMs: number;
}

const SECOND = 1_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Searches that read the text of every line in range (RE2 phrases, non-ASCII words, exclusions,
 * attribute filters): the first slice is an hour, and each then aims at ~100 ms of engine time,
 * so the engine serves other lanes every ~100 ms whatever the data's density.
 */
export const SCAN_SLICES: SliceOptions = { initialMs: HOUR, targetRunMs: 100, minMs: SECOND };

/** Counts without such filters read timestamps and levels only: a day at first, then by time. */
export const AGGREGATE_SLICES: SliceOptions = { initialMs: DAY, targetRunMs: 100, minMs: SECOND };

/** How much one slice may widen or narrow the next: quick to adapt, not to overshoot. */
const MAX_GROWTH = 4;
const MAX_SHRINK = 0.25;

/**
 * The width of the next slice after one of `width` took `runMs` of engine time: aimed at
 * `targetRunMs`, changing by ×¼ … ×4 at a time, never under `minMs` (nor over `maxMs`).
 */
export function adaptedWidth(width: number, runMs: number, options: SliceOptions & { readonly maxMs?: number }): number {
  const factor = Math.min(MAX_GROWTH, Math.max(MAX_SHRINK, options.targetRunMs / Math.max(runMs, 1)));
  return Math.min(options.maxMs ?? Infinity, Math.max(options.minMs, Math.round(width * factor)));
}

/**
 * The slice width each project's reads of one kind ended with, so the next read starts at a
 * width that fits the project's data instead of growing from the initial guess again (each
 * slice is a query: a few ms of fixed cost). Bounded: forgotten all at once when full.
 */
export class SliceWidths {
  private readonly widths = new Map<string, number>();

  constructor(private readonly max = 10_000) {}

  get(key: string): number | undefined {
    return this.widths.get(key);
  }

  set(key: string, width: number): void {
    if (this.widths.size >= this.max && !this.widths.has(key)) this.widths.clear();
    this.widths.set(key, width);
  }
}

/**
 * Splits a range into slices newest first, each the width the last slice's engine time suggests.
 * A long search thus becomes a series of short queries, each a separate turn on its lane, and
 * answers stay exact: slices are disjoint and cover the range, so counts add up and the newest
 * rows of the first slices are the newest rows of the range.
 */
export class NewestFirstSlices {
  private width: number;

  constructor(
    private readonly from: number,
    private readonly options: SliceOptions,
    private readonly remembered?: { widths: SliceWidths; key: string },
  ) {
    this.width = remembered?.widths.get(remembered.key) ?? options.initialMs;
  }

  /** The slice that ends at `upper` (inclusive), or undefined once `upper` is before the range. */
  below(upper: number): TimeSlice | undefined {
    if (upper < this.from) return undefined;
    return { from: Math.max(this.from, upper - this.width + 1), to: upper };
  }

  /** Adapts the next slice's width to the engine time the last one took. */
  took(runMs: number): void {
    this.width = adaptedWidth(this.width, runMs, this.options);
    this.remembered?.widths.set(this.remembered.key, this.width);
  }
}

/**
 * Whether a filter makes ClickHouse read the text or attributes of every line in range. Plain
 * words use the text index, services and levels their skip indexes, trace ids a bloom filter;
 * phrases and non-ASCII words need RE2 on the body, exclusions can prune nothing, and attribute
 * maps have no index. Newest-first pages without such filters stop after a page of rows (top-N
 * read in order), so they run as one query; with them they run in slices.
 */
export function scansText(filter: LogFilter): boolean {
  if ((filter.attributes?.length ?? 0) > 0) return true;
  return (filter.text ?? []).some((term) => term.exclude || term.phrase || !/^[0-9A-Za-z]+$/.test(term.text));
}
