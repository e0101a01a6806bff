import { describe, expect, it } from 'vitest';
import { prependNewest, recordKeys } from './log-records';

describe('log record helpers', () => {
  const record = (body: string, timestampMs = 1) => ({ timestampMs, observedTimestampMs: 1, spanId: '', service: 's', body });

  it('keys duplicates apart and the same record the same way', () => {
    const keys = recordKeys([record('a'), record('a'), record('b')]);
    expect(new Set(keys).size).toBe(3);
    expect(recordKeys([record('b')])[0]).toBe(keys[2]);
  });

  it('puts newly tailed records on top, newest first, within the cap', () => {
    expect(prependNewest(['c', 'b'], ['d', 'e'], 3)).toEqual(['e', 'd', 'c']);
  });
});
