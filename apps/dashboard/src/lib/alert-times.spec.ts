import { describe, expect, it } from 'vitest';
import { formatInstant, formatRelative } from './alert-times';

// The unit project runs with TZ=UTC, so local time is UTC here.
describe('formatInstant', () => {
  it('writes the date and the minute, or the second', () => {
    expect(formatInstant('2026-01-05T14:03:07.123Z')).toBe('2026-01-05 14:03');
    expect(formatInstant(Date.parse('2026-01-05T14:03:07.123Z'), true)).toBe('2026-01-05 14:03:07');
    expect(formatInstant(null)).toBe('—');
    expect(formatInstant(null, false, 'never')).toBe('never');
    expect(formatInstant('soon')).toBe('soon');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-01-05T14:00:00.000Z');
  it('says how long ago or ahead, in whole seconds or minutes', () => {
    expect(formatRelative(now - 300, now)).toBe('just now');
    expect(formatRelative(now - 42_400, now)).toBe('42 s ago');
    expect(formatRelative('2026-01-05T13:55:10.000Z', now)).toBe('5 min ago');
    expect(formatRelative('2026-01-05T16:00:00.000Z', now)).toBe('in 2 h');
    expect(formatRelative('2026-01-05T15:30:00.000Z', now)).toBe('in 1 h 30 min');
  });
});
