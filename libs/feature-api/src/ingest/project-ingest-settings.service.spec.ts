import { PROJECT_LIMIT_KEYS } from '@vigil/contracts';
import { DEFAULT_INGEST_LIMITS } from '@vigil/ingest';
import { describe, expect, it } from 'vitest';
import { mergeLimitOverrides } from './project-ingest-settings.service';

describe('project limit overrides', () => {
  it('name exactly the ingest limits and the series limiter’s two', () => {
    expect([...PROJECT_LIMIT_KEYS].sort()).toEqual([...Object.keys(DEFAULT_INGEST_LIMITS), 'maxActiveSeriesPerMetric', 'maxActiveSeriesPerProject'].sort());
  });

  it('merge a PATCH into the stored ones: set, keep, clear with null, forget unknown and invalid keys', () => {
    const stored = { maxAgeMs: 86_400_000, logAttributes: 50, bogus: 7, labelsPerSeries: -1 };
    expect(mergeLimitOverrides(stored, { logAttributes: 60, labelNameLength: null })).toEqual({ maxAgeMs: 86_400_000, logAttributes: 60 });
    expect(mergeLimitOverrides(stored, { maxAgeMs: null, logAttributes: null })).toBeNull();
    expect(mergeLimitOverrides(null, { maxActiveSeriesPerProject: 5000 })).toEqual({ maxActiveSeriesPerProject: 5000 });
    expect(mergeLimitOverrides(null, {})).toBeNull();
  });
});
