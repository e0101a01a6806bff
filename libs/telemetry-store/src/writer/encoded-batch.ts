import { mayHaveMissedRollup } from '../rollup/rollup-hours';
import { type EncodedTable, joinTables, type SourcedTable, valuesBytes } from './batch-columns';
import type { ColumnSpec } from './row-encoding';
import { type StaleHourPair, StaleHourMarks } from './stale-hour-marks';
import type { TelemetryWriter } from './telemetry-writer';

/**
 * One request's rows, encoded column by column (batch-columns.ts) and ready to be joined with
 * other requests' rows of the same tables. `tables` are in write order (a series row before the
 * samples that need it); `onWritten` runs once every table of the batch is stored (it fills the
 * per-process caches).
 */
export interface EncodedBatch {
  readonly projectId: string;
  readonly retentionDays: number;
  readonly tables: readonly EncodedTable[];
  /** Bytes the columns take: what the group commit budget counts. */
  readonly bytes: number;
  readonly rows: number;
  /** Samples or log records this batch stores (series and metadata rows not counted). */
  readonly items: number;
  /** Per hour (epoch ms of its start) of sample time, the samples of this batch in it; empty for logs. */
  readonly sampleHours: ReadonlyMap<number, number>;
  onWritten(): void;
}

export function encodedBatch(
  projectId: string,
  retentionDays: number,
  tables: EncodedTable[],
  items: number,
  options: { onWritten?: () => void; sampleHours?: ReadonlyMap<number, number> } = {},
): EncodedBatch {
  return {
    projectId,
    retentionDays,
    tables,
    bytes: tables.reduce((sum, table) => sum + valuesBytes(table.values), 0),
    rows: tables.reduce((sum, table) => sum + table.rows, 0),
    items,
    sampleHours: options.sampleHours ?? new Map(),
    onWritten: options.onWritten ?? (() => undefined),
  };
}

/**
 * Writes batches as one insert per table: the rows of every batch for a table are joined into
 * one, tables in the order the batches list them (series and metadata before samples, so a
 * failure leaves no samples stored that a retry would duplicate: series and metadata rows
 * fold). Then, for samples of hours the worker may already have rolled up, one row per (project,
 * hour) in metric_rollup_stale: written after the samples, so a mark the worker sees always has
 * its samples stored (docs/architecture.md "Rollup watermark"), and left out where `marks` says
 * this writer wrote it lately (stale-hour-marks.ts: then that mark, held by the rollup, covers
 * these samples). Without `marks`, every round writes its marks, held for no time. Resolves when
 * all are stored, then runs each batch's `onWritten`; throws on the first failed insert, and
 * empty tables cost no insert. `now` is read after the inserts returned.
 */
export async function writeEncodedBatches(
  writer: TelemetryWriter,
  batches: readonly EncodedBatch[],
  marks: StaleHourMarks = WITHOUT_MEMORY,
  now: () => number = Date.now,
): Promise<void> {
  const byTable = new Map<string, SourcedTable[]>();
  for (const batch of batches) {
    for (const table of batch.tables) {
      // Registered even when empty, so the tables keep the batches' order.
      let parts = byTable.get(table.schema.table);
      if (parts === undefined) byTable.set(table.schema.table, (parts = []));
      if (table.rows > 0) parts.push({ table, projectId: batch.projectId, retentionDays: batch.retentionDays });
    }
  }
  for (const parts of byTable.values()) if (parts.length > 0) await writer.insertColumns(joinTables(parts));
  const stale = marks.due(staleHours(batches, now()));
  if (stale.length > 0) {
    const sentAt = marks.now();
    if (marks.holdMs === 0) await writer.insert('metric_rollup_stale', STALE_COLUMNS, stale);
    else await writer.insert('metric_rollup_stale', HELD_STALE_COLUMNS, stale.map(([projectId, hour]) => [projectId, hour, marks.holdMs]));
    marks.recordWritten(stale, sentAt);
  }
  for (const batch of batches) batch.onWritten();
}

/** A writer that remembers no mark: each round writes its own, which the rollup may consume at once. */
const WITHOUT_MEMORY = new StaleHourMarks({ reuseMs: 0 });

/** A mark held for no time: `hold_ms` is left to its default (0), the insert as before migration 011. */
const STALE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'project_id', kind: 'UUID' },
  { name: 'hour', kind: 'DateTimeFromMs' },
];

const HELD_STALE_COLUMNS: readonly ColumnSpec[] = [
  ...STALE_COLUMNS,
  // UInt32 in the table; written as an integer either way.
  { name: 'hold_ms', kind: 'UInt64' },
];

/** (project, hour) pairs of the batches' samples that may have missed their hour's rollup. */
function staleHours(batches: readonly EncodedBatch[], storedAt: number): StaleHourPair[] {
  const pairs = new Map<string, StaleHourPair>();
  for (const batch of batches) {
    for (const hour of batch.sampleHours.keys()) {
      if (mayHaveMissedRollup(hour, storedAt)) pairs.set(`${batch.projectId}/${hour}`, [batch.projectId, hour]);
    }
  }
  return [...pairs.values()];
}
