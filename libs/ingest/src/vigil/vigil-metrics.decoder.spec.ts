import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../ingest-limits';
import { decodeVigilMetrics } from './vigil-metrics.decoder';

const now = Date.UTC(2026, 10, 25, 12);

describe('decodeVigilMetrics', () => {
  it('puts samples of one series on one descriptor, whatever the label order', () => {
    const batch = decodeVigilMetrics(
      {
        samples: [
          { name: 'latency_ms', labels: { service: 'a', region: 'eu' }, value: 1, timestamp: now - 2000 },
          { name: 'latency_ms', labels: { region: 'eu', service: 'a' }, value: 2, timestamp: now - 1000 },
          { name: 'latency_ms', labels: { service: 'b' }, value: 3 },
        ],
      },
      DEFAULT_INGEST_LIMITS,
      now,
    );
    expect(batch.series).toEqual([
      { name: 'latency_ms', labels: { service: 'a', region: 'eu' } },
      { name: 'latency_ms', labels: { service: 'b' } },
    ]);
    expect(batch.sampleCount).toBe(3);
    expect([...batch.sampleSeries.subarray(0, 3)]).toEqual([0, 0, 1]);
    expect([...batch.sampleTimestamps.subarray(0, 3)]).toEqual([now - 2000, now - 1000, now]);
    expect([...batch.sampleValues.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(batch.rejected).toEqual({ count: 0, reasons: [] });
  });

  it('leaves out samples over a limit and names the limit', () => {
    const batch = decodeVigilMetrics(
      {
        samples: [
          { name: 'ok', labels: {}, value: 1, timestamp: now },
          { name: 'old', labels: {}, value: 1, timestamp: now - 8 * 86_400_000 },
          { name: 'wide', labels: { path: 'x'.repeat(3000) }, value: 1, timestamp: now },
          { name: 'n'.repeat(300), labels: {}, value: 1, timestamp: now },
          { name: 'many', labels: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`l${i}`, 'v'])), value: 1, timestamp: now },
        ],
      },
      DEFAULT_INGEST_LIMITS,
      now,
    );
    expect(batch.sampleCount).toBe(1);
    expect(batch.rejected.count).toBe(4);
    expect(batch.rejected.places?.map((place) => place.path)).toEqual(['samples[1].timestamp', 'samples[2].labels.path', 'samples[3].name', 'samples[4].labels']);
    expect(batch.rejected.places?.[2]).toEqual({ path: 'samples[3].name', message: `metric name longer than ${DEFAULT_INGEST_LIMITS.metricNameLength} characters (limit metric_name_length)` });
    expect(batch.rejected.reasons.join(' | ')).toMatch(/samples\[1\] \(old\): timestamp older than .*max_age.* \| samples\[2\] \(wide\): label value of path longer than 2048 characters \(limit label_value_length\)/);
  });
});
