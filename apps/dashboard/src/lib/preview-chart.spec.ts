import type { AlertRulePreviewResponse } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { firingSummary, previewPlot, previewUnit } from './preview-chart';

const response: AlertRulePreviewResponse = {
  series: [
    { labels: { service: 'api' }, points: [[120_000, 5], [180_000, 150]] },
    { labels: {}, points: [[120_000, 1], [180_000, 2]] },
  ],
  thresholds: { comparator: '>', warning: 80, critical: 100, recovery: null },
  firing: [{ labels: { service: 'api' }, from: 180_000, to: 240_000, severity: 'critical' }],
  evaluations: 3,
};

describe('previewPlot', () => {
  it('spans the range, one column per group and per threshold', () => {
    const plot = previewPlot(response, { from: 60_000, to: 300_000 });
    expect(plot.groups).toEqual(['service="api"', 'all']);
    expect(plot.columns[0]).toEqual([60, 120, 180, 300]);
    expect(plot.columns[1]).toEqual([undefined, 5, 150, undefined]);
    expect(plot.columns[2]).toEqual([undefined, 1, 2, undefined]);
    expect(plot.thresholds).toEqual([
      { kind: 'critical', value: 100, label: 'critical > 100' },
      { kind: 'warning', value: 80, label: 'warning > 80' },
    ]);
    expect(plot.columns[3]).toEqual([100, 100, 100, 100]);
    expect(plot.columns[4]).toEqual([80, 80, 80, 80]);
    expect(plot.bands).toEqual([{ from: 180, to: 240, severity: 'critical', group: 'service="api"' }]);
  });

  it('draws the thresholds over an empty range', () => {
    const plot = previewPlot({ ...response, series: [], firing: [] }, { from: 0, to: 60_000 });
    expect(plot.columns).toEqual([[0, 60], [100, 100], [80, 80]]);
  });

  it('adds no ends the values already reach', () => {
    expect(previewPlot(response, { from: 120_000, to: 180_000 }).columns[0]).toEqual([120, 180]);
  });
});

describe('firingSummary', () => {
  it('counts where the rule would have fired and for how long', () => {
    expect(firingSummary(response, 'last 24 hours')).toBe('Would have fired once in the last 24 hours (1 min in all).');
    const twice = { ...response, firing: [...response.firing, { labels: {}, from: 0, to: 3_900_000, severity: 'warning' as const }] };
    expect(firingSummary(twice, 'last 24 hours')).toBe('Would have fired 2 times in the last 24 hours (1 h 6 min in all).');
    expect(firingSummary({ ...response, firing: [] }, 'last 24 hours')).toBe('Would not have fired in the last 24 hours.');
  });
});

describe('previewUnit', () => {
  it('writes ratios in percent', () => {
    expect(previewUnit({ kind: 'metric_ratio', spec: { percent: true } } as never)).toBe('%');
    expect(previewUnit({ kind: 'metric_ratio', spec: { percent: false } } as never)).toBeNull();
    expect(previewUnit({ kind: 'log_count', spec: {} } as never)).toBeNull();
  });
});
