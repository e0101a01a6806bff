import { performance } from 'node:perf_hooks';
import { runInLane } from '../lanes/lane-context';
import { adaptedWidth, type SliceOptions } from '../logs/log-slices';
import { compile, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';
import {
  buildRollupSql,
  deleteRollupSql,
  deleteStaleMarksSql,
  type FingerprintRange,
  type RollupBuildRange,
  rollupRowsFromSql,
  type RollupTables,
  SERVER_NOW_SQL,
  hourLoadsSql,
  setWatermarkSql,
  staleHoursSql,
} from './metric-rollup.sql';
import { HOUR_MS, hourOf, ROLLUP_GRACE_MS } from './rollup-hours';

/** What one run did, for logs and tests. */
export interface RollupRunResult {
  /** The watermark after the run (epoch ms of an hour start). */
  watermarkMs: number;
  /** Hours closed (rolled up for the first time). */
  closedHours: number;
  /** Stale (project, hour) groups rebuilt. */
  rebuiltHours: number;
  /** Build queries issued (each a turn on the background lane). */
  slices: number;
}

export interface MetricRollupOptions {
  /** How long after its end an hour is closed (default ROLLUP_GRACE_MS). */
  graceMs?: number;
  /** Engine time one build query should take (default 200 ms): the engine serves other lanes between them. */
  targetSliceMs?: number;
  /** Stale hours rebuilt per batch (default 24). */
  staleBatch?: number;
  /** Stop starting new work after this long in one run (default 60 s); the next run goes on. */
  maxRunMs?: number;
  /**
   * Rollup rows (series × hours) one build query may make (default 100,000): its GROUP BY holds
   * one state per row, so this bounds a query's memory whatever the series count. An hour with
   * more series is built in fingerprint ranges of about this many series each.
   */
  maxSliceRows?: number;
  /**
   * Samples one build query may read (default 1,000,000, about a quarter of a second of engine
   * time on 2 cores): embedded chDB runs one operation at a time, so a build holding the engine
   * for seconds would hold every write for as long. An hour with more samples is built in
   * fingerprint ranges too.
   */
  maxSliceSamples?: number;
}

const FIRST_SLICE_MS = HOUR_MS;

/**
 * Builds the hourly rollup off the insert path (migration 009). A run
 * 1. closes the hours from the watermark up to the last one that ended `graceMs` ago: deletes
 *    rollup rows at or after the watermark (an interrupted run's, or the old view's), builds the
 *    range from the samples in slices of whole hours (each a turn on the background lane, aimed at
 *    `targetSliceMs` of engine time, so ingest and queries go between them), then moves the
 *    watermark. Interrupted before the move, the next run deletes and builds the same hours again;
 * 2. rebuilds stale hours (samples that arrived after their hour could have been closed; the
 *    ingest writer lists them): per batch of hours, deletes their rollup rows for the marked
 *    projects, builds them again from the samples, and forgets the marks noted before it started
 *    and held no longer (a mark's `hold_ms`: it also stands for samples its writer stored after
 *    it without a new mark, writer/stale-hour-marks.ts); marks noted or held later stay, for a
 *    later run. Interrupted anywhere, the marks are still there:
 *    queries read those hours raw, and the next run deletes and rebuilds them again.
 * So no hour is ever counted twice. Runs must not overlap (two closes would both insert): the
 * worker takes a lock across replicas first (docs/architecture.md "Rollup watermark").
 */
export class MetricRollup {
  private readonly tables: RollupTables & { rollupInsert: SqlFragment };
  /** The table lightweight DELETEs run on: on a cluster the local one, on every node (not the Distributed table). */
  private readonly deleteTarget: SqlFragment;
  private readonly options: Required<MetricRollupOptions>;
  private readonly slices: SliceOptions & { maxMs: number };
  private sliceMs = FIRST_SLICE_MS;

  constructor(
    private readonly store: TelemetryStore,
    options: MetricRollupOptions = {},
  ) {
    const table = (name: string) => qualifiedTable(store.database, name);
    this.tables = {
      samples: table('metric_samples'),
      rollup: table('metric_rollup_hourly'),
      rollupInsert: table('metric_rollup_hourly'),
      watermark: table('metric_rollup_watermark'),
      stale: table('metric_rollup_stale'),
    };
    this.deleteTarget = table(store.cluster === undefined ? 'metric_rollup_hourly' : 'metric_rollup_hourly_local');
    this.options = {
      graceMs: options.graceMs ?? ROLLUP_GRACE_MS,
      targetSliceMs: options.targetSliceMs ?? 200,
      staleBatch: options.staleBatch ?? 24,
      maxRunMs: options.maxRunMs ?? 60_000,
      maxSliceRows: options.maxSliceRows ?? 100_000,
      maxSliceSamples: options.maxSliceSamples ?? 1_000_000,
    };
    this.slices = { initialMs: FIRST_SLICE_MS, targetRunMs: this.options.targetSliceMs, minMs: HOUR_MS, maxMs: 24 * HOUR_MS };
  }

  /** The watermark (epoch ms): hours before it are rolled up unless stale. */
  async watermark(): Promise<number> {
    const [row] = await this.rows<{ hour_ms: string }>(sql`SELECT toInt64(toUnixTimestamp(argMax(hour, updated_at))) * 1000 AS hour_ms FROM ${this.tables.watermark} WHERE id = 1`);
    return Number(row?.hour_ms ?? 0);
  }

  /** Stale (project, hour) marks not yet rebuilt. */
  async staleMarks(): Promise<number> {
    const [row] = await this.rows<{ n: string }>(sql`SELECT count() AS n FROM ${this.tables.stale}`);
    return Number(row?.n ?? 0);
  }

  /** One run at wall-clock time `now` (epoch ms), on the background lane. */
  run(now: number): Promise<RollupRunResult> {
    return runInLane('background', () => this.runHere(now));
  }

  private async runHere(now: number): Promise<RollupRunResult> {
    const started = performance.now();
    const result: RollupRunResult = { watermarkMs: await this.watermark(), closedHours: 0, rebuiltHours: 0, slices: 0 };
    const closeUpTo = hourOf(now - this.options.graceMs);
    if (closeUpTo > result.watermarkMs) {
      const from = result.watermarkMs;
      const cutoff = await this.serverNow();
      const [leftover] = await this.rows<{ n: string }>(rollupRowsFromSql(this.tables, from));
      if (Number(leftover?.n ?? 0) > 0) await this.deleteRollup(deleteRollupSql(this.deleteTarget, { fromMs: from }));
      result.slices += await this.build({ fromMs: from, toMs: closeUpTo });
      await this.command(setWatermarkSql(this.tables, closeUpTo));
      // Marks of the hours just built are covered when they were noted, and held, no later than the build began.
      await this.command(deleteStaleMarksSql(this.tables, { fromMs: from, toMs: closeUpTo }, cutoff));
      result.closedHours = (closeUpTo - from) / HOUR_MS;
      result.watermarkMs = closeUpTo;
    }
    const cutoff = await this.serverNow();
    while (performance.now() - started < this.options.maxRunMs) {
      const stale = await this.rows<{ hour_ms: string; projects: string[] }>(staleHoursSql(this.tables, this.options.staleBatch, cutoff));
      if (stale.length === 0) break;
      const hours = stale.map((row) => Number(row.hour_ms));
      const projects = [...new Set(stale.flatMap((row) => row.projects))];
      // The cross product of these hours and projects is deleted and built again: more than the
      // marks name, never less, and all from the samples.
      await this.deleteRollup(deleteRollupSql(this.deleteTarget, { hours, projects }));
      result.slices += await this.build({ fromMs: Math.min(...hours), toMs: Math.max(...hours) + HOUR_MS, hours, projects });
      await this.command(deleteStaleMarksSql(this.tables, { hours, projects }, cutoff));
      result.rebuiltHours += hours.length;
    }
    return result;
  }

  /**
   * Builds a range oldest first; returns the number of build queries. A slice is whole hours,
   * as many as its engine time (`targetSliceMs`), `maxSliceRows` and `maxSliceSamples` allow, or
   * one hour in fingerprint ranges when that hour alone has more series or samples: either way
   * each (series, hour) is built from all its samples in one query (see alignedWidth).
   */
  private async build(range: RollupBuildRange): Promise<number> {
    const loads = await this.hourLoads(range);
    const bounds: SliceBounds = { maxRows: this.options.maxSliceRows, maxSamples: this.options.maxSliceSamples };
    let slices = 0;
    for (let from = range.fromMs; from < range.toMs; ) {
      const to = sliceEnd(from, Math.min(range.toMs, from + alignedWidth(this.sliceMs)), loads, bounds);
      const parts = to - from === HOUR_MS ? hourParts(loads.get(from), bounds) : 1;
      const began = performance.now();
      for (const fingerprints of parts > 1 ? fingerprintRanges(parts) : [undefined]) {
        await this.command(buildRollupSql(this.tables, { ...range, fromMs: from, toMs: to, ...(fingerprints ? { fingerprints } : {}) }));
        slices++;
      }
      this.sliceMs = adaptedWidth(to - from, performance.now() - began, this.slices);
      from = to;
    }
    return slices;
  }

  /** Series and samples per hour start (epoch ms) among the samples `range` selects; hours without samples are absent. */
  private async hourLoads(range: RollupBuildRange): Promise<Map<number, HourLoad>> {
    const rows = await this.rows<{ hour_ms: string; series: string; samples: string }>(hourLoadsSql(this.tables, range));
    return new Map(rows.map((row) => [Number(row.hour_ms), { series: Number(row.series), samples: Number(row.samples) }]));
  }

  private async serverNow(): Promise<number> {
    const [row] = await this.rows<{ now_ms: string }>(SERVER_NOW_SQL);
    return Number(row?.now_ms);
  }

  private async rows<T>(fragment: SqlFragment): Promise<T[]> {
    const result = await this.store.client.query({ ...compile(fragment), format: 'JSONEachRow' });
    return result.json<T>();
  }

  private async command(fragment: SqlFragment): Promise<void> {
    await this.store.client.command(compile(fragment));
  }

  /**
   * On a cluster the DELETE runs `ON CLUSTER` on the local tables. ClickHouse takes no parameter
   * for the cluster's name; the store checked it against a strict identifier pattern, and it is
   * backquoted after the table, as createTelemetryStore does for CREATE DATABASE.
   */
  private async deleteRollup(fragment: SqlFragment): Promise<void> {
    const compiled = compile(fragment);
    const cluster = this.store.cluster;
    const query = cluster === undefined ? compiled.query : compiled.query.replace(' WHERE ', ` ON CLUSTER \`${cluster}\` WHERE `);
    await this.store.client.command({ ...compiled, query });
  }
}


/**
 * A slice width of whole hours (at least one), so every hour of a series is built as one row.
 * Partial rows of an hour would be merged on read by deltaSumTimestampMerge, whose states merge
 * right only in time order, while a GROUP BY merges them in any order (its threads): with three
 * or more partial rows an hour could lose part of its increase (seen under load, when slices
 * shrank below an hour).
 */
export function alignedWidth(width: number): number {
  return Math.max(1, Math.floor(width / HOUR_MS)) * HOUR_MS;
}

/** What an hour holds for a build: its series (rollup rows) and its samples (rows read). */
export interface HourLoad {
  series: number;
  samples: number;
}

/** What one build query may make (rollup rows: its memory) and read (samples: its engine time). */
export interface SliceBounds {
  maxRows: number;
  maxSamples: number;
}

const EMPTY_HOUR: HourLoad = { series: 0, samples: 0 };

/**
 * The end of a slice from `from` (an hour start) to at most `limit`: whole hours while their
 * series and samples stay within `bounds`, and at least one hour (built in fingerprint ranges
 * when it alone holds more).
 */
export function sliceEnd(from: number, limit: number, loads: ReadonlyMap<number, HourLoad>, bounds: SliceBounds): number {
  let to = Math.min(limit, from + HOUR_MS);
  let { series, samples } = loads.get(from) ?? EMPTY_HOUR;
  while (to < limit) {
    const next = loads.get(to) ?? EMPTY_HOUR;
    if (series + next.series > bounds.maxRows || samples + next.samples > bounds.maxSamples) break;
    series += next.series;
    samples += next.samples;
    to += HOUR_MS;
  }
  return to;
}

/** Fingerprint ranges one hour is built in: enough that each stays within `bounds`. */
export function hourParts(load: HourLoad | undefined, bounds: SliceBounds): number {
  const { series, samples } = load ?? EMPTY_HOUR;
  return Math.max(1, Math.ceil(series / bounds.maxRows), Math.ceil(samples / bounds.maxSamples));
}

const FINGERPRINT_SPACE = 1n << 64n;

/**
 * `parts` adjacent fingerprint ranges covering every UInt64: fingerprints are SHA-256 bits
 * (series-fingerprint.ts), spread evenly, so each range holds about 1/parts of an hour's series.
 */
export function fingerprintRanges(parts: number): FingerprintRange[] {
  const bound = (index: number) => ((FINGERPRINT_SPACE * BigInt(index)) / BigInt(parts)).toString();
  return Array.from({ length: parts }, (_, index) => (index === parts - 1 ? { from: bound(index) } : { from: bound(index), to: bound(index + 1) }));
}
