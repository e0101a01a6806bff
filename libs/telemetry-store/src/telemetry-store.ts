import { type ClickHouseClient, type ClickHouseClientConfigOptions, type ClickHouseSettings, createClient } from '@clickhouse/client';
import { Session } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseBackups } from './backup/database-backup';
import { LANES } from './lanes/lane-context';
import { EMBEDDED_LANES, LaneScheduler, type LaneSchedulerOptions } from './lanes/lane-scheduler';
import { scheduledClient } from './lanes/scheduled-client';
import { compile, identifier, sql } from './sql-template';
import type { ColumnSpec, Row } from './writer/row-encoding';
import { ChdbRawWriter, ClientInsertWriter, type RawInsertFormat, type TelemetryWriter } from './writer/telemetry-writer';

export interface TelemetryStoreOptions {
  /** A ClickHouse server (`http(s)://host:8123`); unset means embedded chDB in `dataDir`. */
  url?: string;
  username?: string;
  password?: string;
  database: string;
  /** Embedded state directory; chDB keeps its files in `<dataDir>/clickhouse`. */
  dataDir: string;
  /** A cluster from the server's remote_servers: DDL runs `ON CLUSTER`, inserts wait for all shards. */
  cluster?: string;
  /** Payload format of chDB's raw insert (embedded only); TabSeparated measured faster. */
  embeddedInsertFormat?: RawInsertFormat;
  /**
   * Priority lanes (lanes/lane-scheduler.ts). Embedded: one operation at a time (`maxInFlight`
   * is always 1). Server: per-lane limits (default write 16, evaluation 16, interactive 8,
   * background 2) and no overall one.
   */
  lanes?: Omit<LaneSchedulerOptions, 'maxInFlight'>;
  /**
   * Embedded only: the one directory ClickHouse may write backups to and restore them from
   * (its `backups.allowed_path`); `store.backups` is set when given.
   */
  backupsPath?: string;
  /**
   * Embedded only: the Linux nice value of the engine's merge threads (its
   * `os_threads_nice_value_merge_mutate`, 0 to 19; default 0, the inserts' own priority). Merges
   * of the parts each insert round makes run beside the inserts on the same cores; a higher value
   * lets inserts and the event loop go first and leaves merges the idle time
   * (docs/architecture.md "Round shaping").
   */
  mergeThreadNice?: number;
}

export interface TelemetryStore {
  /** The official client; every engine call on it waits for a turn on the caller's lane (runInLane). */
  readonly client: ClickHouseClient;
  /** The scheduler every query and insert of this store goes through; `lanes.stats()` for /metrics. */
  readonly lanes: LaneScheduler;
  readonly database: string;
  readonly mode: 'embedded' | 'server';
  readonly cluster: string | undefined;
  readonly writer: TelemetryWriter;
  /** ClickHouse's BACKUP and RESTORE of the database: embedded with `backupsPath` only. */
  readonly backups: DatabaseBackups | undefined;
  /** Throws when ClickHouse does not answer a `SELECT 1`. */
  ping(): Promise<void>;
  /** Shorthand for `writer.insert`. */
  insertRows(table: string, columns: readonly ColumnSpec[], rows: readonly Row[]): Promise<void>;
  close(): Promise<void>;
}

const DATABASE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CLUSTER_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Settings for every query, in both modes. 64-bit integers come back as JSON strings (chDB
 * writes bare numbers by default, which lose precision in JS); NaN and ±Inf come back as
 * strings too instead of null.
 */
const QUERY_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 1,
  output_format_json_quote_denormals: 1,
};

/** The embedded engine's server settings, as arguments of its first session. */
function embeddedServerArgs(options: TelemetryStoreOptions): string[] {
  const nice = options.mergeThreadNice ?? 0;
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new RangeError(`mergeThreadNice must be an integer from 0 to 19, got ${nice}`);
  const args = [`--os_threads_nice_value_merge_mutate=${nice}`];
  if (options.backupsPath !== undefined) args.push(`--backups.allowed_path=${options.backupsPath}`);
  return args;
}

/**
 * Opens ClickHouse (embedded chDB or a server), creates the database when missing and returns
 * the client with the writer that fits the transport. Migrations are a separate step
 * (`migrateTelemetryStore`). chDB allows one data directory per process.
 */
export async function createTelemetryStore(options: TelemetryStoreOptions): Promise<TelemetryStore> {
  if (!DATABASE_PATTERN.test(options.database)) throw new Error(`ClickHouse database name must match ${DATABASE_PATTERN}: ${options.database}`);
  if (options.cluster !== undefined && !CLUSTER_PATTERN.test(options.cluster)) throw new Error(`ClickHouse cluster name must match ${CLUSTER_PATTERN}: ${options.cluster}`);
  const { database, cluster } = options;
  let lanes: LaneScheduler;
  let client: ClickHouseClient;
  let writer: TelemetryWriter;
  let mode: TelemetryStore['mode'];
  let backups: DatabaseBackups | undefined;
  let anchor: Session | undefined;
  if (options.url === undefined) {
    const path = join(options.dataDir, 'clickhouse');
    await mkdir(path, { recursive: true });
    if (options.backupsPath !== undefined) await mkdir(options.backupsPath, { recursive: true, mode: 0o700 });
    // Server settings are arguments of the engine's first connection in the process (not
    // SQL): this session starts the engine with them, and the client's connection below, on
    // the same path, shares that engine. The writer's Arrow inserts run on it (the client's
    // connection does not expose its session). Kept open until close() so it outlives the client.
    anchor = new Session(path, { connectionArgs: embeddedServerArgs(options) });
    const connection = createChdbConnection({ path });
    // chdb types its Connection against @clickhouse/client-common 1.23.0, while the client
    // 1.23.1 vendors its own copy of the same interface; they differ only in settings typings.
    const clientConnection = connection as unknown as ClickHouseClientConfigOptions['connection'];
    lanes = new LaneScheduler({ ...options.lanes, ...EMBEDDED_LANES });
    client = scheduledClient(createClient({ connection: clientConnection, clickhouse_settings: QUERY_SETTINGS }), lanes);
    writer = new ChdbRawWriter(connection, anchor, database, lanes, options.embeddedInsertFormat);
    mode = 'embedded';
    if (options.backupsPath !== undefined) {
      const engine = createClient({ connection: clientConnection, clickhouse_settings: QUERY_SETTINGS });
      backups = new DatabaseBackups(engine, lanes, database, options.backupsPath);
    }
  } else {
    lanes = new LaneScheduler(options.lanes);
    const limits = lanes.stats();
    client = scheduledClient(
      createClient({
        url: options.url,
        username: options.username,
        password: options.password,
        clickhouse_settings: QUERY_SETTINGS,
        // A socket for every operation the lanes let run at once: with fewer, requests would
        // queue in the HTTP agent in arrival order and undo the lanes' priorities.
        max_open_connections: LANES.reduce((sum, lane) => sum + limits[lane].limit, 0),
      }),
      lanes,
    );
    // Inserts into Distributed tables return only once every shard has the rows, so an
    // acknowledged write is durable (DESIGN.md: acknowledged means durable).
    const insertSettings: ClickHouseSettings = cluster === undefined ? {} : ({ distributed_foreground_insert: 1 } as ClickHouseSettings);
    writer = new ClientInsertWriter(client, database, insertSettings);
    mode = 'server';
  }
  try {
    // Identifiers go as parameters; `ON CLUSTER` takes a name ClickHouse does not accept as a
    // parameter, so it is checked against CLUSTER_PATTERN above and backquoted.
    const onCluster = cluster === undefined ? '' : ` ON CLUSTER \`${cluster}\``;
    const create = compile(sql`CREATE DATABASE IF NOT EXISTS ${identifier(database)}`);
    await client.command({ ...create, query: create.query + onCluster });
  } catch (error) {
    await client.close();
    anchor?.close();
    throw error;
  }
  return {
    client,
    lanes,
    database,
    mode,
    cluster,
    writer,
    backups,
    async ping() {
      const result = await client.ping({ select: true });
      if (!result.success) throw result.error;
    },
    insertRows: (table, columns, rows) => writer.insert(table, columns, rows),
    close: async () => {
      await client.close();
      anchor?.close();
    },
  };
}
