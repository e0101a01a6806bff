import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, param, qualifiedTable, sql } from './sql-template';
import { createTelemetryStore, type TelemetryStore } from './telemetry-store';
import type { ColumnSpec, Row } from './writer/row-encoding';
import { ClientInsertWriter } from './writer/telemetry-writer';

// chDB is one engine per process and vitest runs each file in its own process, so this file
// owns one temporary data directory for its whole run.
const DATABASE = 't_store';
let dataDir: string;
let store: TelemetryStore;

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', kind: 'UInt64' },
  { name: 's', kind: 'String' },
  { name: 'm', kind: 'StringMap' },
  { name: 'ts', kind: 'DateTime64Ms' },
  { name: 'v', kind: 'Float64' },
];

const TRICKY_STRINGS = [
  '',
  'plain',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash \\t \\n \\\\',
  'nul\0byte',
  `quotes ' " \``,
  "'); DROP TABLE metric_samples; --",
  'ünïcödé ☃ 😀 日本語',
  '{}[]:,=',
];
const TRICKY_VALUES = [0, -1.5, 0.1 + 0.2, 1e-300, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity];

function trickyRows(firstId: number): Row[] {
  return TRICKY_STRINGS.map((text, index) => [
    String(firstId + index),
    text,
    { [text]: text, "k'ey": `v\t${text}` },
    1_700_000_000_000 + index * 7,
    TRICKY_VALUES[index % TRICKY_VALUES.length] as number,
  ]);
}

function parseFloat64(value: number | string): number {
  if (typeof value === 'number') return value;
  return ({ nan: Number.NaN, inf: Infinity, '-inf': -Infinity } as Record<string, number>)[value] ?? Number(value);
}

async function readBack(fromId: number, count: number): Promise<Row[]> {
  const query = compile(sql`
    SELECT id, s, m, toUnixTimestamp64Milli(ts) AS ts, v
    FROM ${qualifiedTable(DATABASE, 'escapes')}
    WHERE id >= ${param('UInt64', fromId)} AND id < ${param('UInt64', fromId + count)}
    ORDER BY id`);
  const rows = await (await store.client.query({ ...query, format: 'JSONEachRow' })).json<{ id: string; s: string; m: Record<string, string>; ts: string; v: number | string }>();
  return rows.map((row) => [row.id, row.s, row.m, Number(row.ts), parseFloat64(row.v)]);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-telemetry-store-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir, mergeThreadNice: 7 });
  await store.client.command({
    query: `CREATE TABLE ${DATABASE}.escapes (id UInt64, s String, m Map(LowCardinality(String), String), ts DateTime64(3), v Float64) ENGINE = MergeTree ORDER BY id`,
  });
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('createTelemetryStore (embedded chDB)', () => {
  it('opens chDB in <dataDir>/clickhouse, answers ping and creates the database', async () => {
    expect(store.mode).toBe('embedded');
    expect(store.writer.transport).toBe('chdb-raw');
    await store.ping();
    const query = compile(sql`SELECT name FROM system.databases WHERE name = ${param('String', DATABASE)}`);
    expect(await (await store.client.query({ ...query, format: 'JSONEachRow' })).json()).toEqual([{ name: DATABASE }]);
  });

  it('starts the engine with the merge threads\' nice value, and refuses one outside 0..19', async () => {
    const result = await store.client.query({ query: "SELECT value FROM system.server_settings WHERE name = 'os_threads_nice_value_merge_mutate'", format: 'JSONEachRow' });
    expect(await result.json()).toEqual([{ value: '7' }]);
    await expect(createTelemetryStore({ database: DATABASE, dataDir, mergeThreadNice: 20 })).rejects.toThrow(/mergeThreadNice must be an integer from 0 to 19, got 20/);
  });

  it('refuses database and cluster names that are not plain identifiers', async () => {
    await expect(createTelemetryStore({ database: 'x`; DROP', dataDir })).rejects.toThrow(/database name must match/);
    await expect(createTelemetryStore({ database: 'x', dataDir, cluster: 'c x' })).rejects.toThrow(/cluster name must match/);
  });

  it('raw TabSeparated insert stores tabs, newlines, backslashes, NUL, quotes, unicode and special floats exactly', async () => {
    const rows = trickyRows(1000);
    await store.insertRows('escapes', COLUMNS, rows);
    expect(await readBack(1000, rows.length)).toEqual(rows);
  });

  it('the server transport (client.insert, JSONEachRow) stores the same rows exactly', async () => {
    const writer = new ClientInsertWriter(store.client, DATABASE);
    const rows = trickyRows(2000);
    await writer.insert('escapes', COLUMNS, rows);
    expect(await readBack(2000, rows.length)).toEqual(rows);
  });

  it('an empty batch is a no-op', async () => {
    await store.insertRows('escapes', COLUMNS, []);
    await new ClientInsertWriter(store.client, DATABASE).insert('escapes', COLUMNS, []);
  });

  it('throws on failed writes in both transports instead of swallowing them', async () => {
    const row: Row = ['1', 'x', {}, 0, 1];
    await expect(store.insertRows('no_such_table', COLUMNS, [row])).rejects.toThrow(/no_such_table/);
    await expect(new ClientInsertWriter(store.client, DATABASE).insert('no_such_table', COLUMNS, [row])).rejects.toThrow(/no_such_table/);
    await expect(store.insertRows('escapes', [...COLUMNS.slice(0, 4), { name: 'nope', kind: 'Float64' }], [row])).rejects.toThrow(/nope/);
    await expect(store.insertRows('escapes; DROP TABLE escapes', COLUMNS, [row])).rejects.toThrow(/invalid table name/);
  });

  it('keeps the data across close() and a re-open of the same data directory, and writes JSONEachRow raw too', async () => {
    await store.close();
    store = await createTelemetryStore({ database: DATABASE, dataDir, embeddedInsertFormat: 'JSONEachRow' });
    const before = trickyRows(1000);
    expect(await readBack(1000, before.length)).toEqual(before);
    const rows = trickyRows(3000);
    await store.insertRows('escapes', COLUMNS, rows);
    expect(await readBack(3000, rows.length)).toEqual(rows);
  });
});
