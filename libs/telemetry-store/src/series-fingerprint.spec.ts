import { describe, expect, it } from 'vitest';
import { seriesFingerprint } from './series-fingerprint';

describe('seriesFingerprint', () => {
  it('is a UInt64 decimal string, pinned so stored fingerprints never change meaning', () => {
    const fingerprint = seriesFingerprint('http_requests_total', { method: 'GET', status: '200' });
    expect(fingerprint).toMatch(/^\d{1,20}$/);
    expect(BigInt(fingerprint) <= 0xffffffffffffffffn).toBe(true);
    expect(fingerprint).toBe(PINNED);
    expect(seriesFingerprint('up', {})).toBe(seriesFingerprint('up', {}));
  });

  it('does not depend on label order', () => {
    expect(seriesFingerprint('m', { a: '1', b: '2', c: '3' })).toBe(seriesFingerprint('m', { c: '3', a: '1', b: '2' }));
  });

  it('tells apart names, label names and values, even when separators appear in values', () => {
    const all = [
      seriesFingerprint('m', {}),
      seriesFingerprint('m2', {}),
      seriesFingerprint('m', { a: '' }),
      seriesFingerprint('m', { a: '1' }),
      seriesFingerprint('m', { b: '1' }),
      seriesFingerprint('m', { a: '1', b: '2' }),
      seriesFingerprint('m', { a: '1\0b\u00002' }),
      seriesFingerprint('m', { a: '1","b' }),
      seriesFingerprint('m', { a: 'ü😀' }),
    ];
    expect(new Set(all).size).toBe(all.length);
  });
});

// SHA-256 of ["http_requests_total",[["method","GET"],["status","200"]]], first 8 bytes big-endian.
// If this changes, every stored series would be split in two: that needs a data migration.
const PINNED = '15247521150959146258';
