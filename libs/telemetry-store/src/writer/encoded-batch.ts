import type { TelemetryWriter } from './telemetry-writer';

/** TabSeparated lines for one table, columns in the order listed. */
export interface EncodedTable {
  readonly table: string;
  readonly columns: readonly string[];
  readonly payload: string;
  readonly rows: number;
}

/**
 * One request's rows, encoded and ready to be concatenated with other requests' rows of the
 * same tables. `tables` are in write order (a series row before the samples that need it);
 * `onWritten` runs once every table of the batch is stored (it fills the per-process caches).
 */
export interface EncodedBatch {
  readonly tables: readonly EncodedTable[];
  /** Payload characters in all tables (≈ bytes for ASCII): what the group commit budget counts. */
  readonly bytes: number;
  readonly rows: number;
  /** Samples or log records this batch stores (series and metadata rows not counted). */
  readonly items: number;
  onWritten(): void;
}

/** Tables stay listed when empty, so every batch of a kind names its tables in the same order. */
export function encodedBatch(tables: EncodedTable[], items: number, onWritten: () => void = () => undefined): EncodedBatch {
  return {
    tables,
    bytes: tables.reduce((sum, table) => sum + table.payload.length, 0),
    rows: tables.reduce((sum, table) => sum + table.rows, 0),
    items,
    onWritten,
  };
}

/**
 * Writes batches as one insert per table: the payloads of every batch for a table are joined
 * into one, tables in the order the batches list them (series and metadata before samples, so
 * a failure leaves no samples stored that a retry would duplicate: series and metadata rows
 * fold). Resolves when all are stored, then runs each batch's `onWritten`; throws on the first
 * failed insert, and empty tables cost no insert.
 */
export async function writeEncodedBatches(writer: TelemetryWriter, batches: readonly EncodedBatch[]): Promise<void> {
  const byTable = new Map<string, { columns: readonly string[]; payloads: string[] }>();
  for (const batch of batches) {
    for (const table of batch.tables) {
      const entry = byTable.get(table.table);
      if (entry === undefined) byTable.set(table.table, { columns: table.columns, payloads: [table.payload] });
      else if (entry.columns.join() !== table.columns.join()) throw new Error(`batches disagree on the columns of ${table.table}`);
      else if (table.payload.length > 0) entry.payloads.push(table.payload);
    }
  }
  for (const [table, { columns, payloads }] of byTable) {
    const payload = payloads.length === 1 ? (payloads[0] as string) : payloads.join('');
    if (payload.length > 0) await writer.insertTabSeparated(table, columns, payload);
  }
  for (const batch of batches) batch.onWritten();
}
