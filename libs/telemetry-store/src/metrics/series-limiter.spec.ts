import { describe, expect, it } from 'vitest';
import { makeMetricBatch } from '../batch.fixtures';
import { seriesFingerprint } from '../series-fingerprint';
import { type ActiveSeriesSource, SeriesLimiter } from './series-limiter';

const PROJECT = '00000000-0000-4000-8000-000000000001';
const T0 = Date.UTC(2026, 0, 15, 12);
const HOUR = 3_600_000;

class FakeSource implements ActiveSeriesSource {
  loads = 0;
  constructor(private readonly rows: { metricName: string; fingerprint: string; lastSeenMs: number }[] = []) {}
  async loadActiveSeries(_projectId: string, sinceMs: number) {
    this.loads++;
    return this.rows.filter((row) => row.lastSeenMs >= sinceMs);
  }
}

const series = (name: string, ...ids: number[]) => ids.map((id) => ({ name, labels: { id: String(id) } }));

describe('SeriesLimiter', () => {
  it('admits new series up to the per-metric limit and refuses the rest, naming the limit', async () => {
    const limiter = new SeriesLimiter(new FakeSource(), { now: () => T0 });
    const batch = makeMetricBatch(series('m', 1, 2, 3), [
      [0, T0, 1],
      [1, T0, 2],
      [2, T0, 3],
      [2, T0 + 1, 4],
    ]);
    const result = await limiter.admit(PROJECT, batch, { maxActiveSeriesPerMetric: 2, maxActiveSeriesPerProject: 100 });
    expect(result.refused).toBe(2);
    expect(result.batch.sampleCount).toBe(2);
    expect([...result.batch.sampleValues]).toEqual([1, 2]);
    expect(result.batch.rejected).toEqual({
      count: 2,
      reasons: ['metric "m": new series refused, it has 2 active series (limit max_active_series_per_metric)'],
      byReason: { max_active_series_per_metric: 2 },
    });
    // Known series keep passing; still no room for a new one.
    const again = await limiter.admit(PROJECT, makeMetricBatch(series('m', 2, 1, 4), [[0, T0, 1], [1, T0, 1], [2, T0, 1]]), { maxActiveSeriesPerMetric: 2, maxActiveSeriesPerProject: 100 });
    expect(again.refused).toBe(1);
    expect([...again.batch.sampleSeries]).toEqual([0, 1]);
  });

  it('applies the per-project limit across metrics, and passes an untouched batch through as is', async () => {
    const limiter = new SeriesLimiter(new FakeSource(), { now: () => T0 });
    const limits = { maxActiveSeriesPerMetric: 10, maxActiveSeriesPerProject: 3 };
    const first = makeMetricBatch([...series('a', 1, 2), ...series('b', 1)], [[0, T0, 1], [1, T0, 1], [2, T0, 1]]);
    expect(await limiter.admit(PROJECT, first, limits)).toEqual({ batch: first, refused: 0 });
    const second = await limiter.admit(PROJECT, makeMetricBatch(series('c', 1), [[0, T0, 1]]), limits);
    expect(second.refused).toBe(1);
    expect(second.batch.rejected.reasons).toEqual(['new series refused: the project has 3 active series (limit max_active_series_per_project)']);
    expect(second.batch.rejected.byReason).toEqual({ max_active_series_per_project: second.refused });
    // Other projects have their own budget.
    expect((await limiter.admit('00000000-0000-4000-8000-000000000002', makeMetricBatch(series('c', 1), [[0, T0, 1]]), limits)).refused).toBe(0);
  });

  it('seeds a project once from the store, counting only series active in the window', async () => {
    const source = new FakeSource([
      { metricName: 'm', fingerprint: seriesFingerprint('m', { id: '1' }), lastSeenMs: T0 - HOUR },
      { metricName: 'm', fingerprint: seriesFingerprint('m', { id: '2' }), lastSeenMs: T0 - 25 * HOUR },
    ]);
    const limiter = new SeriesLimiter(source, { now: () => T0, activeWindowHours: 24 });
    const limits = { maxActiveSeriesPerMetric: 2, maxActiveSeriesPerProject: 100 };
    const [a, b] = await Promise.all([
      limiter.admit(PROJECT, makeMetricBatch(series('m', 1, 3), [[0, T0, 1], [1, T0, 1]]), limits),
      limiter.admit(PROJECT, makeMetricBatch(series('m', 4), [[0, T0, 1]]), limits),
    ]);
    expect(source.loads).toBe(1);
    expect(a?.refused).toBe(0); // id 1 known, id 3 fills the second slot (id 2 is inactive)
    expect(b?.refused).toBe(1);
  });

  it('frees the slots of series that went inactive', async () => {
    let now = T0;
    const limiter = new SeriesLimiter(new FakeSource(), { now: () => now, activeWindowHours: 1 });
    const limits = { maxActiveSeriesPerMetric: 1, maxActiveSeriesPerProject: 1 };
    expect((await limiter.admit(PROJECT, makeMetricBatch(series('m', 1), [[0, T0, 1]]), limits)).refused).toBe(0);
    expect((await limiter.admit(PROJECT, makeMetricBatch(series('m', 2), [[0, T0, 1]]), limits)).refused).toBe(1);
    now += 2 * HOUR;
    expect((await limiter.admit(PROJECT, makeMetricBatch(series('m', 2), [[0, now, 1]]), limits)).refused).toBe(0);
  });

  it('counts each metric apart when a batch interleaves them, and keeps series sent again active through a sweep', async () => {
    let now = T0;
    const limiter = new SeriesLimiter(new FakeSource(), { now: () => now, activeWindowHours: 1 });
    const limits = { maxActiveSeriesPerMetric: 2, maxActiveSeriesPerProject: 100 };
    // a, b, a, b, a: the third `a` is refused by a's limit, not b's.
    const interleaved = [...series('a', 1), ...series('b', 1), ...series('a', 2), ...series('b', 2), ...series('a', 3)];
    const first = await limiter.admit(PROJECT, makeMetricBatch(interleaved, interleaved.map((_, index) => [index, T0, index] as [number, number, number])), limits);
    expect(first.refused).toBe(1);
    expect([...first.batch.sampleSeries]).toEqual([0, 1, 2, 3]);
    // a/1 is sent again 40 min later; a/2 is not. 80 min after the start a/2 is inactive and its
    // slot goes to a/3, while a/1 (seen 40 min ago) keeps its own: no room for a/4.
    now += 40 * 60_000;
    expect((await limiter.admit(PROJECT, makeMetricBatch(series('a', 1), [[0, now, 1]]), limits)).refused).toBe(0);
    now += 40 * 60_000;
    const later = await limiter.admit(PROJECT, makeMetricBatch(series('a', 3, 4), [[0, now, 1], [1, now, 1]]), limits);
    expect(later.refused).toBe(1);
    expect([...later.batch.sampleSeries]).toEqual([0]);
    expect((await limiter.admit(PROJECT, makeMetricBatch(series('a', 1), [[0, now, 1]]), limits)).refused).toBe(0);
  });

  it('does not cache a failed seed', async () => {
    let fail = true;
    const source: ActiveSeriesSource = {
      loadActiveSeries: async () => {
        if (fail) throw new Error('ClickHouse unavailable');
        return [];
      },
    };
    const limiter = new SeriesLimiter(source, { now: () => T0 });
    const limits = { maxActiveSeriesPerMetric: 1, maxActiveSeriesPerProject: 1 };
    await expect(limiter.admit(PROJECT, makeMetricBatch(series('m', 1), [[0, T0, 1]]), limits)).rejects.toThrow(/unavailable/);
    fail = false;
    expect((await limiter.admit(PROJECT, makeMetricBatch(series('m', 1), [[0, T0, 1]]), limits)).refused).toBe(0);
  });
});
