import { describe, expect, it } from 'vitest';
import { normalizeSeverity } from './log-severity';

describe('normalizeSeverity', () => {
  it.each([
    [1, 'TRACE'],
    [4, 'TRACE'],
    [5, 'DEBUG'],
    [9, 'INFO'],
    [13, 'WARN'],
    [17, 'ERROR'],
    [21, 'FATAL'],
    [24, 'FATAL'],
  ] as const)('number %i → %s', (number, text) => expect(normalizeSeverity(number, 'ignored')).toEqual({ severityNumber: number, severityText: text }));

  it.each([
    ['info', 9, 'INFO'],
    [' Warning ', 13, 'WARN'],
    ['WARN2', 14, 'WARN'],
    ['err', 17, 'ERROR'],
    ['critical', 18, 'ERROR'],
    ['panic', 21, 'FATAL'],
    ['verbose', 0, 'UNSPECIFIED'],
    ['', 0, 'UNSPECIFIED'],
  ] as const)('text %j → %i %s', (text, number, expected) => expect(normalizeSeverity(0, text)).toEqual({ severityNumber: number, severityText: expected }));

  it('treats numbers outside 1–24 as unspecified and falls back to text', () => {
    expect(normalizeSeverity(99, 'error')).toEqual({ severityNumber: 17, severityText: 'ERROR' });
    expect(normalizeSeverity(-1, null)).toEqual({ severityNumber: 0, severityText: 'UNSPECIFIED' });
  });
});
