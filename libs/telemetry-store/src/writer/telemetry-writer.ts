import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { Session } from 'chdb';
import type { ChdbConnection } from 'chdb/connection';
import { Readable } from 'node:stream';
import { runInLane } from '../lanes/lane-context';
import type { LaneScheduler } from '../lanes/lane-scheduler';
import { insertArrowColumns } from './arrow-insert';
import type { ColumnarRows } from './batch-columns';
import { type ColumnSpec, encodeJsonEachRow, encodeTabSeparated, type Row, toJsonEachRow } from './row-encoding';
import { columnsToTabSeparated } from './tabseparated-columns';

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
   * Inserts the ingest tables' rows, held column by column (batch-columns.ts): chDB reads the
   * columns in place as Arrow arrays, a server gets them as TabSeparated text. The batch
   * encoders build such rows straight from decoded batches and join many requests into one.
   */
  insertColumns(rows: ColumnarRows): Promise<void>;
}

export type RawInsertFormat = 'TabSeparated' | 'JSONEachRow';

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkName(kind: string, name: string): string {
  if (!NAME_PATTERN.test(name)) throw new Error(`invalid ${kind} name for an insert: ${JSON.stringify(name)}`);
  return name;
}

/**
 * Embedded transport. Row inserts (`insert`) are TabSeparated raw inserts by default: measured
 * faster than JSONEachRow for metric rows both to build in JS and to parse (see
 * libs/telemetry-store/README.md); the ingest tables' columns go in as Arrow arrays
 * (arrow-insert.ts). Both bypass the client, so they ask the store's scheduler for a turn.
 */
export class ChdbRawWriter implements TelemetryWriter {
  readonly transport = 'chdb-raw';

  constructor(
    private readonly connection: ChdbConnection,
    /** A session on the same data directory (the same engine) for the Arrow inserts, which the client's connection does not expose. */
    private readonly session: Session,
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

  async insertColumns(rows: ColumnarRows): Promise<void> {
    if (rows.rows === 0) return;
    checkColumns(rows);
    await this.scheduler.run('write', () => insertArrowColumns(this.session, this.database, rows));
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

  /** The same columns as TabSeparated text (tabseparated-columns.ts), parsed by the server. */
  async insertColumns(rows: ColumnarRows): Promise<void> {
    if (rows.rows === 0) return;
    checkColumns(rows);
    const request = {
      table: `${this.database}.${rows.schema.table}`,
      columns: rows.schema.columns.map((column) => column.name) as [string, ...string[]],
      values: Readable.from([columnsToTabSeparated(rows)], { objectMode: false }),
      format: 'TabSeparated' as const,
      clickhouse_settings: this.settings,
    };
    await runInLane('write', () => this.client.insert(request));
  }
}

/** Table and column names go into SQL text: only plain identifiers. */
function checkColumns(rows: ColumnarRows): void {
  checkName('table', rows.schema.table);
  for (const column of rows.schema.columns) checkName('column', column.name);
}
