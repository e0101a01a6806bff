import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { makeLogBatch, makeLogRecord, makeMetricBatch } from '../batch.fixtures';
import { OverloadedError } from '../telemetry.errors';
import type { ColumnarRows } from './batch-columns';
import { GroupCommitWriter, type InsertRound } from './group-commit.writer';
import { columnsToTabSeparated } from './tabseparated-columns';
import type { TelemetryWriter } from './telemetry-writer';

const PROJECT = '00000000-0000-4000-8000-000000000001';
const T0 = Date.UTC(2026, 0, 15, 12);

interface Insert {
  table: string;
  lines: string[];
  settle: (error?: Error) => void;
}

/**
 * A TelemetryWriter whose inserts stay in flight until the test settles them, so tests control
 * exactly when ClickHouse "answers". Records every insert with its payload lines.
 */
class FakeWriter implements TelemetryWriter {
  readonly transport = 'chdb-raw';
  readonly inserts: Insert[] = [];
  private waiters: (() => void)[] = [];

  /** Row inserts: the writer's notes of stale rollup hours (T0 is long over), stored at once. */
  readonly rowInserts: { table: string; rows: number }[] = [];

  insert(table: string, _columns: unknown, rows: readonly unknown[]): Promise<void> {
    this.rowInserts.push({ table, rows: rows.length });
    return Promise.resolve();
  }

  insertColumns(rows: ColumnarRows): Promise<void> {
    return new Promise((resolve, reject) => {
      const lines = columnsToTabSeparated(rows).toString().split('\n').filter(Boolean);
      this.inserts.push({ table: rows.schema.table, lines, settle: (error) => (error ? reject(error) : resolve()) });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Waits until `count` inserts have been issued in total. */
  async issued(count: number): Promise<Insert> {
    while (this.inserts.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.inserts[count - 1] as Insert;
  }
}

const logs = (...bodies: string[]) => makeLogBatch(bodies.map((body) => makeLogRecord({ body })));
const settledState = async (promise: Promise<void>): Promise<'resolved' | 'rejected' | 'pending'> =>
  Promise.race([promise.then(() => 'resolved' as const, () => 'rejected' as const), new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 20))]);

describe('GroupCommitWriter', () => {
  it('resolves a submission only after the insert holding its rows succeeded', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const done = commit.submit(PROJECT, logs('a'), 30);
    const insert = await writer.issued(1);
    expect(await settledState(done)).toBe('pending');
    insert.settle();
    await expect(done).resolves.toBeUndefined();
    expect(insert.table).toBe('logs');
    expect(insert.lines).toHaveLength(1);
  });

  it('joins submissions made while an insert is in flight into one insert, in submission order', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const first = commit.submit(PROJECT, logs('a'), 30);
    const firstInsert = await writer.issued(1);
    const waiting = ['b', 'c', 'd', 'e'].map((body) => commit.submit(PROJECT, logs(body), 30));
    expect(writer.inserts).toHaveLength(1); // one in flight per table
    firstInsert.settle();
    await first;
    const second = await writer.issued(2);
    expect(second.lines.map((line) => line.split('\t')[6])).toEqual(['b', 'c', 'd', 'e']);
    second.settle();
    await Promise.all(waiting);
    expect(commit.stats).toMatchObject({ rounds: 2, committed: 5, queuedBytes: 0, inFlightBytes: 0 });
  });

  it('under load, starts the next round roundGapMs after the previous one started, or at once when roundMinRows rows wait', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer, { roundGapMs: 60_000, roundMinRows: 3 });
    const first = commit.submit(PROJECT, logs('a'), 30);
    (await writer.issued(1)).settle();
    await first;
    // The engine is free, but a round started just now: one row waits for more company…
    const lone = commit.submit(PROJECT, logs('b'), 30);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writer.inserts).toHaveLength(1);
    // …and goes as soon as roundMinRows rows wait, with them.
    const more = [commit.submit(PROJECT, logs('c'), 30), commit.submit(PROJECT, logs('d'), 30)];
    const second = await writer.issued(2);
    expect(second.lines.map((line) => line.split('\t')[6])).toEqual(['b', 'c', 'd']);
    second.settle();
    await Promise.all([lone, ...more]);
  });

  it('holds a round back for at most roundGapMs after the previous round started', async () => {
    const writer = new FakeWriter();
    const rounds: InsertRound[] = [];
    const commit = new GroupCommitWriter(writer, { roundGapMs: 100, roundMinRows: 1_000, onRound: (round) => rounds.push(round) });
    const first = commit.submit(PROJECT, logs('a'), 30);
    const firstInsert = await writer.issued(1);
    const startedAt = performance.now();
    firstInsert.settle();
    await first;
    const lone = commit.submit(PROJECT, logs('b'), 30);
    const second = await writer.issued(2);
    // Timers may fire a little early or late; the gap is the order of magnitude that matters.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(90);
    expect(second.lines).toHaveLength(1);
    second.settle();
    await lone;
    expect(rounds[1]?.waitSeconds[0]).toBeGreaterThan(0);
  });

  it('writes the first request at once, and close() does not wait for the gap', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer, { roundGapMs: 60_000, roundMinRows: 1_000 });
    const first = commit.submit(PROJECT, logs('a'), 30);
    (await writer.issued(1)).settle();
    await first;
    const held = commit.submit(PROJECT, logs('b'), 30);
    const closed = commit.close();
    (await writer.issued(2)).settle();
    await Promise.all([held, closed]);
    expect(writer.inserts).toHaveLength(2);
  });

  it('submissions in the same event-loop turn share the first insert', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const all = Array.from({ length: 10 }, (_, index) => commit.submit(PROJECT, logs(`m${index}`), 30));
    const insert = await writer.issued(1);
    expect(insert.lines).toHaveLength(10);
    insert.settle();
    await Promise.all(all);
  });

  it('rejects exactly the submissions of the failed insert; the next round goes on', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const first = commit.submit(PROJECT, logs('a'), 30);
    const firstInsert = await writer.issued(1);
    const second = [commit.submit(PROJECT, logs('b'), 30), commit.submit(PROJECT, logs('c'), 30)];
    firstInsert.settle(new Error('Code: 241. Memory limit exceeded'));
    await expect(first).rejects.toThrow(/Memory limit exceeded/);
    const secondInsert = await writer.issued(2);
    expect(await settledState(second[0] as Promise<void>)).toBe('pending');
    secondInsert.settle();
    await expect(Promise.all(second)).resolves.toBeDefined();
    expect(commit.stats).toMatchObject({ rounds: 2, failedRounds: 1, committed: 2 });
  });

  it('tells onRound of every round: its kind, rows, bytes, duration and outcome', async () => {
    const writer = new FakeWriter();
    const rounds: InsertRound[] = [];
    const commit = new GroupCommitWriter(writer, { onRound: (round) => rounds.push(round) });
    const first = commit.submit(PROJECT, logs('a', 'b'), 30);
    (await writer.issued(1)).settle(new Error('insert failed'));
    await expect(first).rejects.toThrow('insert failed');
    const second = commit.submit(PROJECT, logs('c'), 30);
    (await writer.issued(2)).settle();
    await second;
    expect(rounds.map(({ kind, rows, ok }) => ({ kind, rows, ok }))).toEqual([
      { kind: 'logs', rows: 2, ok: false },
      { kind: 'logs', rows: 1, ok: true },
    ]);
    expect(rounds.every((round) => round.bytes > 0 && round.seconds >= 0)).toBe(true);
    expect(rounds.map((round) => round.waitSeconds.length)).toEqual([1, 1]);
    expect(rounds.every((round) => round.waitSeconds.every((wait) => wait >= 0))).toBe(true);
  });

  it('keeps metrics and logs in separate lanes: each has its own insert in flight', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const metric = commit.submit(PROJECT, makeMetricBatch([{ name: 'up', labels: {} }], [[0, T0, 1]]), 30);
    const log = commit.submit(PROJECT, logs('a'), 30);
    await writer.issued(2);
    expect(writer.inserts.map((insert) => insert.table).sort()).toEqual(['logs', 'metric_series']);
    for (const insert of writer.inserts) insert.settle();
    await log;
    // The metric round writes its series, then its samples, one at a time.
    const samples = await writer.issued(3);
    expect(samples.table).toBe('metric_samples');
    samples.settle();
    await metric;
  });

  it('a metric round fails as a whole when its samples insert fails, and writes the series again next time', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const batch = () => makeMetricBatch([{ name: 'up', labels: { a: '1' } }], [[0, T0, 1]]);
    const first = commit.submit(PROJECT, batch(), 30);
    (await writer.issued(1)).settle();
    (await writer.issued(2)).settle(new Error('insert failed'));
    await expect(first).rejects.toThrow('insert failed');
    const retry = commit.submit(PROJECT, batch(), 30);
    const series = await writer.issued(3);
    expect(series.table).toBe('metric_series');
    series.settle();
    (await writer.issued(4)).settle();
    await retry;
    // Now the series is known: a later batch writes samples only.
    const later = commit.submit(PROJECT, makeMetricBatch([{ name: 'up', labels: { a: '1' } }], [[0, T0 + 1, 2]]), 30);
    const samples = await writer.issued(5);
    expect(samples.table).toBe('metric_samples');
    samples.settle();
    await later;
  });

  it('notes the hours of closed-hour samples as stale after the samples are stored, once per (project, hour)', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const now = Date.now();
    const old = makeMetricBatch([{ name: 'up', labels: {} }], [[0, T0, 1], [0, T0 + 1_000, 1], [0, T0 + 3_600_000, 1]]);
    const current = makeMetricBatch([{ name: 'up', labels: {} }], [[0, now, 1]]);
    const done = Promise.all([commit.submit(PROJECT, old, 30), commit.submit(PROJECT, current, 30)]);
    (await writer.issued(1)).settle(); // series
    (await writer.issued(2)).settle(); // samples
    await done;
    // Two hours of T0's day, long closed; the current hour is not.
    expect(writer.rowInserts).toEqual([{ table: 'metric_rollup_stale', rows: 2 }]);
  });

  it('writes a stale-hour mark once while late samples of that hour keep coming, not once per round', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const late = (t: number) => makeMetricBatch([{ name: 'up', labels: {} }], [[0, t, 1]]);
    const first = commit.submit(PROJECT, late(T0), 30);
    (await writer.issued(1)).settle(); // series
    (await writer.issued(2)).settle(); // samples
    await first;
    for (let round = 1; round <= 3; round++) {
      const next = commit.submit(PROJECT, late(T0 + round * 1_000), 30);
      (await writer.issued(2 + round)).settle(); // samples only
      await next;
    }
    // Another closed hour is a mark of its own (and a new hour of the series: its row again).
    const other = commit.submit(PROJECT, late(T0 + 3_600_000), 30);
    (await writer.issued(6)).settle(); // series
    (await writer.issued(7)).settle(); // samples
    await other;
    expect(writer.rowInserts).toEqual([
      { table: 'metric_rollup_stale', rows: 1 },
      { table: 'metric_rollup_stale', rows: 1 },
    ]);
  });

  it('splits a backlog into rounds of at most maxBatchRows', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer, { maxBatchRows: 3 });
    const first = commit.submit(PROJECT, logs('a'), 30);
    const firstInsert = await writer.issued(1);
    const rest = ['b', 'c', 'd', 'e', 'f'].map((body) => commit.submit(PROJECT, logs(body), 30));
    firstInsert.settle();
    await first;
    const second = await writer.issued(2);
    expect(second.lines).toHaveLength(3);
    second.settle();
    const third = await writer.issued(3);
    expect(third.lines).toHaveLength(2);
    third.settle();
    await Promise.all(rest);
  });

  it('refuses at once with OverloadedError when queued + in-flight bytes would pass maxPendingBytes', async () => {
    const writer = new FakeWriter();
    const body = 'x'.repeat(1000);
    const commit = new GroupCommitWriter(writer, { maxPendingBytes: 3500 });
    const accepted = [commit.submit(PROJECT, logs(body), 30)];
    const inFlight = await writer.issued(1);
    accepted.push(commit.submit(PROJECT, logs(body), 30), commit.submit(PROJECT, logs(body), 30));
    let error: unknown;
    try {
      void commit.submit(PROJECT, logs(body), 30);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OverloadedError);
    expect(error).toMatchObject({ code: 'OVERLOADED', details: { retryAfterSeconds: expect.any(Number) } });
    expect((error as OverloadedError).details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((error as Error).message).toMatch(/write queue is full/);
    // Small batches still fit; once the queue drains, large ones fit again.
    inFlight.settle();
    (await writer.issued(2)).settle();
    await Promise.all(accepted);
    const after = commit.submit(PROJECT, logs(body), 30);
    (await writer.issued(3)).settle();
    await after;
  });

  it('refuses an invalid batch alone, before it can join a round', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const good = commit.submit(PROJECT, logs('ok'), 30);
    expect(() => commit.submit('not-a-uuid', logs('x'), 30)).toThrow(/project id must be a UUID/);
    expect(() => commit.submit(PROJECT, makeLogBatch([makeLogRecord({ timestampMs: Number.NaN })]), 30)).toThrow(/timestamp out of range/);
    expect(() => commit.submit(PROJECT, logs('x'), 0)).toThrow(/retention/);
    (await writer.issued(1)).settle();
    await good;
    expect(writer.inserts[0]?.lines).toHaveLength(1);
  });

  it('close() writes everything pending, then resolves; later submissions are refused', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    const first = commit.submit(PROJECT, logs('a'), 30);
    const firstInsert = await writer.issued(1);
    const queued = commit.submit(PROJECT, logs('b'), 30);
    const closed = commit.close();
    expect(() => commit.submit(PROJECT, logs('c'), 30)).toThrow(OverloadedError);
    expect(await settledState(closed)).toBe('pending');
    firstInsert.settle();
    (await writer.issued(2)).settle();
    await closed;
    await Promise.all([first, queued]);
    expect(writer.inserts.flatMap((insert) => insert.lines)).toHaveLength(2);
    await new GroupCommitWriter(writer).close(); // nothing pending: resolves at once
  });

  it('an empty batch resolves without an insert', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer);
    await commit.submit(PROJECT, makeLogBatch([]), 30);
    await commit.submit(PROJECT, makeMetricBatch([], []), 30);
    expect(writer.inserts).toHaveLength(0);
  });

  it('spaces background check-result rounds checkResultsRoundGapMs apart: results that come one by one meanwhile share the next insert; others go at once', async () => {
    const writer = new FakeWriter();
    const commit = new GroupCommitWriter(writer, { checkResultsRoundGapMs: 1_000 });
    const result = (time: number) => ({ projectId: PROJECT, checkId: '00000000-0000-4000-8000-0000000000c1', region: 'local', time, status: 'up' as const, statusCode: 200, latencyMs: 1.5, error: '', retentionDays: 30 });
    // A lone result after a quiet spell goes at once.
    await commit.submitCheckResults([result(T0)], { background: true });
    // Three probes finishing one after the other (each on its own turn) wait for one round…
    const later: Promise<void>[] = [];
    for (const offset of [1, 2, 3]) {
      later.push(commit.submitCheckResults([result(T0 + offset)], { background: true }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // …while a ping's result, whose answer waits for it, is not held back by them.
    await commit.submitCheckResults([result(T0 + 4)]);
    expect(writer.rowInserts).toEqual([
      { table: 'check_results', rows: 1 },
      { table: 'check_results', rows: 1 },
    ]);
    await Promise.all(later);
    expect(writer.rowInserts.at(-1)).toEqual({ table: 'check_results', rows: 3 });
  });
});
