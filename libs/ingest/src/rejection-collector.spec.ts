import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from './ingest-limits';
import { decodeVigilLogs } from './vigil/vigil-logs.decoder';
import { decodeVigilMetrics } from './vigil/vigil-metrics.decoder';
import { refusalReasonOf } from './refusal-reason';
import { RejectionCollector } from './rejection-collector';

const NOW = Date.UTC(2026, 11, 4, 12);

describe('refusal reasons', () => {
  it('takes the limit a reason names, and calls everything else invalid', () => {
    expect(refusalReasonOf('timestamp older than 7 days (limit max_age) in series up')).toBe('max_age');
    expect(refusalReasonOf('metric "x": new series refused, it has 10 active series (limit max_active_series_per_metric)')).toBe('max_active_series_per_metric');
    expect(refusalReasonOf('duplicate label name "a" in series up')).toBe('invalid');
    expect(refusalReasonOf('something (limit not_a_limit)')).toBe('invalid');
  });

  it('counts every refused item under its reason, beyond the ten texts kept', () => {
    const collector = new RejectionCollector();
    for (let index = 0; index < 12; index++) collector.add(1, `samples[${index}] (x): timestamp older than 7 days (limit max_age)`);
    collector.add(3, 'series without a metric name (__name__ label) at timeseries[4]');
    collector.add(0, 'metric m has no data');
    const rejection = collector.toRejection();
    expect(rejection.count).toBe(15);
    expect(rejection.reasons).toHaveLength(10);
    expect(rejection.byReason).toEqual({ max_age: 12, invalid: 3 });
  });

  it('reach the batch from the decoders', () => {
    const metrics = decodeVigilMetrics(
      { samples: [{ name: 'ok', labels: {}, value: 1 }, { name: 'old', labels: {}, value: 1, timestamp: NOW - 30 * 86_400_000 }, { name: 'ahead', labels: {}, value: 1, timestamp: NOW + 3_600_000 }] },
      DEFAULT_INGEST_LIMITS,
      NOW,
    );
    expect(metrics.rejected.byReason).toEqual({ max_age: 1, max_future: 1 });
    const logs = decodeVigilLogs(Buffer.from(JSON.stringify([{ message: 'x'.repeat(70_000) }, { message: 'fine' }])), 'json', DEFAULT_INGEST_LIMITS, NOW);
    expect(logs.rejected.byReason).toEqual({ log_body_bytes: 1 });
  });
});
