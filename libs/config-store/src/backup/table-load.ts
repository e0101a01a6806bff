import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

export interface TableFile {
  table: string;
  /** NDJSON written by TableSnapshot.dumpTable. */
  file: string;
  /** Rows the dump wrote; the load is refused when it reads another number. */
  rows: number;
}

const INSERT_ROWS = 500;

/**
 * Loads dumped tables into a database whose schema the same migrations made, in one transaction:
 * all of them or none. Foreign keys are not checked while loading (`session_replication_role =
 * replica`, as `pg_dump --disable-triggers` does), because the files come in name order, not in
 * dependency order; the rows were consistent when dumped, from one snapshot. Needs a superuser,
 * which the embedded cluster's `postgres` user is.
 */
export async function loadTables(databaseUrl: string, files: readonly TableFile[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const { table, file, rows } of files) {
      const loaded = await loadTable(client, table, file);
      if (loaded !== rows) throw new Error(`${file} holds ${loaded} rows of ${table}, the backup's manifest says ${rows}: the backup is damaged`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function loadTable(client: Client, table: string, file: string): Promise<number> {
  const insert = `INSERT INTO ${client.escapeIdentifier(table)} SELECT * FROM json_populate_recordset(NULL::${client.escapeIdentifier(table)}, $1::json)`;
  let batch: string[] = [];
  let loaded = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(insert, [`[${batch.join(',')}]`]);
    loaded += batch.length;
    batch = [];
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(line);
    if (batch.length >= INSERT_ROWS) await flush();
  }
  await flush();
  return loaded;
}
