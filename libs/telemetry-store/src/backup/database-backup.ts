import type { ClickHouseClient } from '@clickhouse/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { LaneScheduler } from '../lanes/lane-scheduler';
import { compile, param, sql } from '../sql-template';

/** How the cut went: `exact` unless the engine took longer than the hold bound to list the parts. */
export interface BackupCut {
  /** Wall-clock time of the cut, taken after `atCut` returned, while the engine was still held. */
  at: Date;
  /**
   * True: the backup holds exactly the writes that finished before the cut. False: the engine
   * needed longer than CUT_HOLD_MS to list the parts, ingest was let go on, and the backup may
   * also hold writes made in that time (never fewer than those before the cut).
   */
  exact: boolean;
}

export interface RunningBackup {
  /** Where ClickHouse writes the backup (a directory under the store's backups path). */
  readonly path: string;
  readonly cut: BackupCut;
  /** Settles when ClickHouse has written every file (rejects with its error). */
  readonly completion: Promise<void>;
}

/**
 * How long the cut may hold the engine while ClickHouse lists the parts to back up. Measured:
 * 40–90 ms for 150 MB in 70 parts on the 2-core box; writes queue meanwhile (ingest requests wait,
 * nothing is refused unless INGEST_MAX_PENDING_BYTES fills).
 */
const CUT_HOLD_MS = 10_000;
const POLL_MS = 10;
const COMPLETION_POLL_MS = 100;
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

interface BackupRow {
  status: string;
  error: string;
  num_entries: string | number;
}

/**
 * ClickHouse's own BACKUP/RESTORE of the store's database, embedded only.
 *
 * chDB keeps a lock on its data directory, so only the process that runs Vigil can back it up.
 * Considered: `ALTER TABLE … FREEZE` (hard links, instant) plus copying `shadow/` by hand — it
 * needs a hand-written restore (re-create tables, ATTACH PART) and gives a per-table, not a
 * per-database, snapshot; `INSERT INTO FUNCTION file()` exports — restoring them would re-run the
 * rollup's materialized view. `BACKUP DATABASE … TO File(…)` works in chDB 26.7 once the engine is
 * started with `backups.allowed_path` (createTelemetryStore's `backupsPath`), copies at about
 * 200 MB/s here, and `RESTORE` brings back tables, views and parts as they were.
 *
 * The cut: the backup is issued ASYNC inside one turn of the write lane, and the turn is held
 * until ClickHouse has listed the parts it will copy (system.backups counts entries only once it
 * writes them, which is after the listing). Embedded chDB runs one operation at a time through
 * the scheduler, so no write runs between the start of the turn and the listing: the backup holds
 * exactly the writes that finished before the turn. The copy then runs while ingest goes on.
 */
export class DatabaseBackups {
  constructor(
    /** The client without the scheduler: used only inside a turn the backup holds itself. */
    private readonly engine: ClickHouseClient,
    private readonly lanes: LaneScheduler,
    private readonly database: string,
    /** Must match the engine's `backups.allowed_path`. */
    readonly directory: string,
  ) {
    if (!isAbsolute(directory)) throw new Error(`the backups directory must be absolute: ${directory}`);
  }

  /**
   * Starts a backup into `<directory>/<name>`. `atCut` runs first inside the held turn (the
   * Postgres snapshot is taken there, so both parts show the same moment). Resolves after the
   * cut; `completion` settles when the files are written.
   */
  async start(name: string, atCut: () => Promise<void> = async () => undefined): Promise<RunningBackup> {
    if (!NAME_PATTERN.test(name)) throw new Error(`invalid backup name: ${name}`);
    const path = join(this.directory, name);
    const { id, cut } = await this.lanes.run('write', async () => {
      await atCut();
      const at = new Date();
      const id = await this.issue(path);
      const exact = await this.waitForListing(id);
      return { id, cut: { at, exact } };
    });
    return { path, cut, completion: this.waitForCompletion(id) };
  }

  /**
   * Restores the database backed up in `path` (`BACKUP DATABASE <source>`) into the store's
   * database, which must have no tables. Waits until ClickHouse reports it restored.
   */
  async restore(path: string, source: string): Promise<void> {
    checkDatabaseName(source);
    const existing = await this.lanes.run('background', async () => {
      const result = await this.engine.query({ ...compile(sql`SELECT count() AS n FROM system.tables WHERE database = ${param('String', this.database)}`), format: 'JSONEachRow' });
      return Number((await result.json<{ n: string }>())[0]?.n ?? 0);
    });
    if (existing > 0) throw new Error(`ClickHouse database ${this.database} already has ${existing} tables; restore into a fresh data directory`);
    const from = compile(sql`FROM File(${param('String', this.checkedPath(path))})`);
    // Database names cannot be query parameters in RESTORE (ClickHouse's parser wants an
    // identifier there); both were checked against the store's name pattern.
    const query = `RESTORE DATABASE \`${source}\` AS \`${this.database}\` ${from.query}`;
    await this.lanes.run('background', () => this.engine.command({ query, query_params: from.query_params }));
  }

  private checkedPath(path: string): string {
    const normalized = normalize(path);
    if (!isAbsolute(normalized) || !normalized.startsWith(`${normalize(this.directory)}/`)) throw new Error(`${path} is not under the backups directory ${this.directory}`);
    return normalized;
  }

  private async issue(path: string): Promise<string> {
    const to = compile(sql`TO File(${param('String', this.checkedPath(path))}) ASYNC`);
    // The database name cannot be a query parameter here (see restore()); it matched the
    // store's name pattern when the store was created.
    const result = await this.engine.query({ query: `BACKUP DATABASE \`${this.database}\` ${to.query}`, query_params: to.query_params, format: 'JSONEachRow' });
    const [row] = await result.json<{ id: string; status: string }>();
    if (!row) throw new Error('ClickHouse answered BACKUP without an id');
    return row.id;
  }

  private async status(client: Pick<ClickHouseClient, 'query'>, id: string): Promise<BackupRow> {
    const result = await client.query({ ...compile(sql`SELECT status, error, num_entries FROM system.backups WHERE id = ${param('String', id)}`), format: 'JSONEachRow' });
    const [row] = await result.json<BackupRow>();
    if (!row) throw new Error(`ClickHouse lost track of backup ${id}`);
    return row;
  }

  /** Inside the held turn: true once the parts are listed (or the backup ended), false past the bound. */
  private async waitForListing(id: string): Promise<boolean> {
    const deadline = Date.now() + CUT_HOLD_MS;
    for (;;) {
      const row = await this.status(this.engine, id);
      if (row.status !== 'CREATING_BACKUP' || Number(row.num_entries) > 0) return true;
      if (Date.now() > deadline) return false;
      await sleep(POLL_MS);
    }
  }

  private async waitForCompletion(id: string): Promise<void> {
    for (;;) {
      // Outside the turn: each poll is an ordinary background read, behind ingest.
      const row = await this.lanes.run('background', () => this.status(this.engine, id));
      if (row.status === 'BACKUP_CREATED') return;
      if (row.status !== 'CREATING_BACKUP') throw new Error(`ClickHouse backup ${id} ended ${row.status}: ${row.error}`);
      await sleep(COMPLETION_POLL_MS);
    }
  }
}

const DATABASE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkDatabaseName(name: string): void {
  if (!DATABASE_PATTERN.test(name)) throw new Error(`invalid ClickHouse database name in a backup: ${name}`);
}
