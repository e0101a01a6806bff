import type { ConfigStore, SloRecord } from '@vigil/config-store';
import { describe, expect, it } from 'vitest';
import { type LateDataMarks, LateDataWatch } from './late-data';

const NOW = Date.UTC(2026, 11, 5, 12);
const PROJECT = 'p1';

const ratioSlo = (metric: string) => ({ projectId: PROJECT, sli: { kind: 'ratio', bad: { name: metric, matchers: [] }, total: { name: metric, matchers: [] }, groupBy: [] } }) as unknown as SloRecord;

/** A batch of one sample of `metric` ten minutes old (late: its minute may be recorded). */
const lateBatch = (metric: string) => ({ series: [{ name: metric }], sampleSeries: [0], sampleTimestamps: [NOW - 10 * 60_000], sampleCount: 1 });

describe('LateDataWatch.refresh', () => {
  it('loads again after a load that was already reading when an SLO changed, so the change is watched', async () => {
    const stored = [ratioSlo('orders_total')];
    const pending: (() => void)[] = [];
    // Each load reads the SLOs as they are when it starts, and answers when the test lets it.
    const store = { slos: { listAll: () => { const snapshot = [...stored]; return new Promise<SloRecord[]>((resolve) => pending.push(() => resolve(snapshot))); } } } as unknown as ConfigStore;
    const watch = new LateDataWatch(store, {} as LateDataMarks, () => NOW);

    const first = watch.refresh();
    stored.push(ratioSlo('payments_total')); // committed while the first load is reading
    const second = watch.refresh();
    const third = watch.refresh();
    expect(pending).toHaveLength(1);
    pending.shift()?.();
    await first;
    await expect.poll(() => pending.length).toBe(1);
    pending.shift()?.();
    await Promise.all([second, third]);
    expect(pending).toHaveLength(0);
    expect([...watch.lateMetrics(PROJECT, lateBatch('payments_total')).keys()]).toEqual(['payments_total']);
    expect([...watch.lateMetrics(PROJECT, lateBatch('orders_total')).keys()]).toEqual(['orders_total']);
  });
});
