import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { ChdbConnection } from 'chdb/connection';
import { Readable } from 'node:stream';
import { runInLane } from '../lanes/lane-context';
import type { LaneScheduler } from '../lanes/lane-scheduler';
import { type ColumnSpec, encodeJsonEachRow, encodeTabSeparated, type Row, toJsonEachRow } from './row-encoding';

/**
 * The one way rows reach ClickHouse. Two transports behind it (DESIGN.md "Data"):
 * embedded, chDB's raw insert of a pre-serialized buffer; server, `client.insert()`.
 * A failed write throws: callers fail the request or job so the data is sent again.
 * Every insert runs on the store's `write` lane, the highest: ingest's acknowledgements (and an
 * evaluation's recorded transitions) wait for them, and each is one bounded batch.
 */
export interface TelemetryWriter {
  readonly transport: 'chdb-raw' | 'client-insert';
  /** Inserts rows into `table` of the store's database; an empty batch is a no-op. */
  insert(table: string, columns: readonly ColumnSpec[], rows: readonly Row[]): Promise<void>;
  /**
   * Inserts a payload already encoded as TabSeparated lines (values in `columns` order, escaped
   * as row-encoding.ts does). The batch writers build such payloads straight from typed arrays,
   * without a row object per sample, and concatenate many requests' payloads into one insert.
   * An empty payload is a no-op.
   */
  insertTabSeparated(table: string, columns: readonly string[], payload: string | Buffer): Promise<void>;
}

export type RawInsertFormat = 'TabSeparated' | 'JSONEachRow';

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkName(kind: string, name: string): string {
  if (!NAME_PATTERN.test(name)) throw new Error(`invalid ${kind} name for an insert: ${JSON.stringify(name)}`);
  return name;
}

/**
 * Embedded transport. TabSeparated by default: measured faster than JSONEachRow for metric
 * rows both to build in JS and to parse (see libs/telemetry-store/README.md). The raw insert
 * bypasses the client, so it asks the store's scheduler for its turn itself.
 */
export class ChdbRawWriter implements TelemetryWriter {
  readonly transport = 'chdb-raw';

  constructor(
    private readonly connection: ChdbConnection,
    private readonly database: string,
    private readonly scheduler: LaneScheduler,
    private readonly format: RawInsertFormat = 'TabSeparated',
  ) {
    checkName('database', database);
  }

  async insert(table: string, columns: readonly ColumnSpec[], rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const payload = this.format === 'TabSeparated' ? encodeTabSeparated(columns, rows) : encodeJsonEachRow(columns, rows);
    // rawInsert validates the table and column identifiers itself; we check them first so
    // both transports refuse the same names with the same message.
    const request = {
      table: `${this.database}.${checkName('table', table)}`,
      columns: columns.map((column) => checkName('column', column.name)),
      values: Buffer.from(payload, 'utf8'),
      format: this.format,
    };
    await this.scheduler.run('write', () => this.connection.chdb.rawInsert(request));
  }

  async insertTabSeparated(table: string, columns: readonly string[], payload: string | Buffer): Promise<void> {
    if (payload.length === 0) return;
    const request = {
      table: `${this.database}.${checkName('table', table)}`,
      columns: columns.map((column) => checkName('column', column)),
      values: typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload,
      format: 'TabSeparated' as const,
    };
    await this.scheduler.run('write', () => this.connection.chdb.rawInsert(request));
  }
}

/**
 * Server transport: JSONEachRow through the official client (HTTP, compressed, retried by the
 * caller). Given the store's client, its inserts take turns on the `write` lane.
 */
export class ClientInsertWriter implements TelemetryWriter {
  readonly transport = 'client-insert';

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly settings: ClickHouseSettings = {},
  ) {
    checkName('database', database);
  }

  async insert(table: string, columns: readonly ColumnSpec[], rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const request = {
      table: `${this.database}.${checkName('table', table)}`,
      columns: columns.map((column) => checkName('column', column.name)) as [string, ...string[]],
      values: toJsonEachRow(columns, rows),
      format: 'JSONEachRow' as const,
      clickhouse_settings: this.settings,
    };
    await runInLane('write', () => this.client.insert(request));
  }

  /** The server parses TabSeparated itself, so the same payload serves both transports. */
  async insertTabSeparated(table: string, columns: readonly string[], payload: string | Buffer): Promise<void> {
    if (payload.length === 0) return;
    const request = {
      table: `${this.database}.${checkName('table', table)}`,
      columns: columns.map((column) => checkName('column', column)) as [string, ...string[]],
      values: Readable.from([typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload], { objectMode: false }),
      format: 'TabSeparated' as const,
      clickhouse_settings: this.settings,
    };
    await runInLane('write', () => this.client.insert(request));
  }
}
