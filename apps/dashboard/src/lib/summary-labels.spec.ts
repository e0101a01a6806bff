import { describe, expect, it } from 'vitest';
import { summaryLabels } from './summary-labels';

describe('summaryLabels', () => {
  it('names the range of the summaries and the recent window of the throughput', () => {
    expect(summaryLabels({ kind: 'preset', preset: '1h' }, 5 * 60_000)).toEqual({ range: 'last 1 h', throughput: 'last 5 min' });
    // 7 days at 60 sparkline steps: the window is one step.
    expect(summaryLabels({ kind: 'preset', preset: '7d' }, 10_080_000)).toEqual({ range: 'last 7 d', throughput: 'last 2 h 48 min' });
    expect(summaryLabels({ kind: 'preset', preset: '24h' }, 5 * 60_000).range).toBe('last 24 h');
  });

  it('reads an absolute range’s window as the end of that range (TZ=UTC in tests)', () => {
    const from = Date.UTC(2026, 0, 5, 9);
    expect(summaryLabels({ kind: 'absolute', from, to: from + 12 * 3_600_000 }, 5 * 60_000)).toEqual({
      range: '2026-01-05 09:00 – 21:00',
      throughput: 'last 5 min of the range',
    });
  });
});
