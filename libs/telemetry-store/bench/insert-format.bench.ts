/**
 * Embedded insert transports for metric_samples rows, side by side: chDB raw insert with a
 * TabSeparated or a JSONEachRow payload, and client.insert() (JSONEachRow objects).
 * Reports encode time (JS) and insert time (engine) separately.
 *
 * Run it compiled (no @vigil/* imports, so any TS-to-CJS transpile works), e.g. with SWC:
 *   node -e "require('@swc/core').transformFileSync(...)" — or move it under bench/ once the
 *   workspace has a `bench` target. Arguments: [rows per insert] [rounds].
 */
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ColumnSpec, encodeJsonEachRow, encodeTabSeparated, type Row, toJsonEachRow } from '../src/writer/row-encoding';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'project_id', kind: 'UUID' },
  { name: 'metric_name', kind: 'String' },
  { name: 'fingerprint', kind: 'UInt64' },
  { name: 'timestamp', kind: 'DateTime64Ms' },
  { name: 'value', kind: 'Float64' },
];

async function main(): Promise<void> {
  const rowCount = Number(process.argv[2] ?? 200_000);
  const rounds = Number(process.argv[3] ?? 5);
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-'));
  const connection = createChdbConnection({ path: dir });
  const client = createClient({ connection: connection as never });
  await client.command({
    query: `CREATE TABLE s (project_id UUID, metric_name LowCardinality(String), fingerprint UInt64,
      timestamp DateTime64(3) CODEC(DoubleDelta, ZSTD(1)), value Float64 CODEC(Gorilla, ZSTD(1)))
      ENGINE = MergeTree PARTITION BY toDate(timestamp) ORDER BY (project_id, metric_name, fingerprint, timestamp)`,
  });
  const start = Date.UTC(2026, 0, 1);
  const rows: Row[] = Array.from({ length: rowCount }, (_, index) => [
    '00000000-0000-4000-8000-000000000001',
    `http_request_duration_seconds_${index % 20}`,
    String(1_000_000_007n * BigInt(index % 5_000)),
    start + index * 10,
    Math.random() * 1000,
  ]);
  const columns = COLUMNS.map((column) => column.name);
  const variants: Record<string, () => Promise<{ encodeMs: number; insertMs: number }>> = {
    'rawInsert TabSeparated': async () => {
      const t0 = performance.now();
      const payload = Buffer.from(encodeTabSeparated(COLUMNS, rows));
      const t1 = performance.now();
      await connection.chdb.rawInsert({ table: 's', columns, values: payload, format: 'TabSeparated' });
      return { encodeMs: t1 - t0, insertMs: performance.now() - t1 };
    },
    'rawInsert JSONEachRow': async () => {
      const t0 = performance.now();
      const payload = Buffer.from(encodeJsonEachRow(COLUMNS, rows));
      const t1 = performance.now();
      await connection.chdb.rawInsert({ table: 's', columns, values: payload, format: 'JSONEachRow' });
      return { encodeMs: t1 - t0, insertMs: performance.now() - t1 };
    },
    'client.insert JSONEachRow': async () => {
      const t0 = performance.now();
      const values = toJsonEachRow(COLUMNS, rows);
      const t1 = performance.now();
      await client.insert({ table: 's', values, format: 'JSONEachRow' });
      return { encodeMs: t1 - t0, insertMs: performance.now() - t1 };
    },
  };
  console.log(`${rowCount} metric sample rows per insert, best of ${rounds} rounds (after one warm-up)`);
  for (const [name, run] of Object.entries(variants)) {
    await run();
    let best = { encodeMs: Infinity, insertMs: Infinity };
    for (let round = 0; round < rounds; round++) {
      const result = await run();
      if (result.encodeMs + result.insertMs < best.encodeMs + best.insertMs) best = result;
    }
    const total = best.encodeMs + best.insertMs;
    const rate = (ms: number): string => `${Math.round(rowCount / (ms / 1000) / 1000)} k rows/s`;
    console.log(`${name.padEnd(26)} encode ${best.encodeMs.toFixed(0).padStart(5)} ms  insert ${best.insertMs.toFixed(0).padStart(5)} ms  total ${rate(total)} (insert alone ${rate(best.insertMs)})`);
  }
  await client.close();
  await rm(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
