import { parseLogSearchText } from '@vigil/contracts';
import type { LogRecord } from '@vigil/ingest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLogBatch, makeLogRecord } from '../batch.fixtures';
import { runInLane } from '../lanes/lane-context';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { param, sql } from '../sql-template';
import { TelemetryQueryError } from '../telemetry.errors';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { TelemetryBatchWriter } from '../writer/telemetry-batch.writer';
import { LogQueryBudget } from './log-query-budget';
import { LogRepository } from './log.repository';

// Long searches run in time slices and within an engine-time budget; the answers must not change.
const DATABASE = 't_log_bounds';
const PROJECT = '00000000-0000-4000-8000-00000000b0d5';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const END = Math.floor(Date.now() / HOUR) * HOUR - 1;
const RANGE = { from: END - 11 * DAY, to: END };
const PHRASE = parseLogSearchText('"alpha beta"');
const WORDS = parseLogSearchText('alpha beta');

let dataDir: string;
let store: TelemetryStore;
let logs: LogRepository;
const records: LogRecord[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-log-bounds-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  logs = new LogRepository(store);
  // Every 5 minutes over ~10 days; "alpha beta" (the phrase) only where both words appear, so a
  // phrase search (sliced: it reads text) and a two-word search (one query) find the same lines.
  for (let index = 0; index < 3_000; index++) {
    const body = index % 3 === 0 ? `alpha beta ${index}` : index % 3 === 1 ? `alpha ${index}` : `beta ${index}`;
    records.push(makeLogRecord({ timestampMs: END - index * 5 * MINUTE - (index % 7), body, severityNumber: index % 2 === 0 ? 9 : 17 }));
  }
  // 30 in one millisecond (5 pairs of identical ones), where pages and slices are cut.
  for (let index = 0; index < 30; index++) records.push(makeLogRecord({ timestampMs: END - 2 * HOUR - 17, body: `alpha beta burst ${index % 25}` }));
  const writer = new TelemetryBatchWriter(store.writer);
  await writer.writeLogBatch(PROJECT, makeLogBatch(records.slice(0, 1_500)), 30);
  await writer.writeLogBatch(PROJECT, makeLogBatch(records.slice(1_500)), 30);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function allPages(text: typeof PHRASE, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 500; guard++) {
    const page = await logs.page(PROJECT, { ...RANGE, text, limit, cursor });
    pages.push(page.records.map((record) => `${record.timestampMs} ${record.body}`));
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('no last page');
}

describe('sliced log reads give the same answers', () => {
  it('pages a scanning search in slices exactly as the one-query search', async () => {
    const before = store.lanes.stats().interactive.completed;
    const whole = await logs.page(PROJECT, { ...RANGE, text: PHRASE, limit: 1_000 });
    expect(store.lanes.stats().interactive.completed - before).toBeGreaterThan(2);
    expect(whole.records).toHaveLength(1_000);

    const sliced = await allPages(PHRASE, 37);
    const single = await allPages(WORDS, 37);
    expect(sliced).toEqual(single);
    const flat = sliced.flat();
    expect(flat).toHaveLength(1_000 + 30);
    expect(new Set(flat).size).toBe(1_000 + 25);
  });

  it('counts and histograms in slices add up to the stored lines', async () => {
    const matching = records.filter((record) => record.body.startsWith('alpha beta'));
    expect(await logs.count(PROJECT, { ...RANGE, text: PHRASE })).toBe(matching.length);
    expect(await logs.count(PROJECT, { ...RANGE, text: WORDS })).toBe(matching.length);
    const histogram = await logs.histogram(PROJECT, { ...RANGE, text: PHRASE, step: DAY });
    const expected = new Map<number, number>();
    for (const record of matching) {
      const t = Math.floor(record.timestampMs / DAY) * DAY;
      expected.set(t, (expected.get(t) ?? 0) + 1);
    }
    expect(histogram.buckets.filter((bucket) => bucket.total > 0).map((bucket) => [bucket.t, bucket.total])).toEqual([...expected].sort((a, b) => a[0] - b[0]));
    expect(await logs.histogram(PROJECT, { ...RANGE, text: WORDS, step: DAY })).toEqual(histogram);
  });
});

describe('bounds', () => {
  it('refuses a read past its engine-time budget, naming the limit and how far it got', async () => {
    const tight = new LogRepository(store, { queryBudgetMs: 1 });
    const error = await tight.histogram(PROJECT, { ...RANGE, text: PHRASE, step: DAY }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TelemetryQueryError);
    expect((error as TelemetryQueryError).reason).toBe('TIME_LIMIT');
    expect((error as TelemetryQueryError).code).toBe('QUERY_LIMIT_EXCEEDED');
    expect((error as Error).message).toMatch(/needed more than 0\.001 s of query time \(it had searched from .+ back to .+\)\. Narrow it: a shorter time range/);
  });

  it("maps ClickHouse's max_execution_time to the same error", async () => {
    const budget = new LogQueryBudget(store, 'search', 1_000);
    const heavy = sql`SELECT count() FROM numbers(${param('UInt64', 1e11)}) WHERE sipHash64(number) = 1`;
    const error = await budget.run((bounded) => bounded.rows(heavy)).catch((caught: unknown) => caught);
    expect((error as TelemetryQueryError).reason).toBe('TIME_LIMIT');
    // The limit is part of that query only: the next one runs unbounded.
    const [setting] = await new LogQueryBudget(store, 'search').run((fresh) => fresh.rows<{ m: string }>(sql`SELECT toString(getSetting('max_execution_time')) AS m`));
    expect(setting?.m).toBe('10');
    const session = await (await store.client.query({ query: "SELECT toString(getSetting('max_execution_time')) AS m", format: 'JSONEachRow' })).json<{ m: string }>();
    expect(session).toEqual([{ m: '0' }]);
  });

  it('lets a higher lane run between the slices of a long read', async () => {
    const finished: string[] = [];
    // A fresh repository: it has not learnt yet that this project's slices could be wider.
    const count = new LogRepository(store).count(PROJECT, { ...RANGE, text: PHRASE }).then(() => finished.push('count'));
    const evaluation = runInLane('evaluation', () => store.client.query({ query: 'SELECT 1', format: 'JSONEachRow' })).then(() => finished.push('evaluation'));
    await Promise.all([count, evaluation]);
    expect(finished).toEqual(['evaluation', 'count']);
  });
});
