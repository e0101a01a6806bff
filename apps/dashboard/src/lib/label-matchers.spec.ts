import { describe, expect, it } from 'vitest';
import { parseLabelMatcher } from '@vigil/contracts';
import { formatMatcher, isComplete, isInvalidLabelName, readMatcher } from './label-matchers';

describe('label matchers', () => {
  it('writes every operator the API reads, escaping quotes and backslashes', () => {
    expect(formatMatcher({ label: 'service', op: '=', value: 'checkout' })).toBe('service="checkout"');
    expect(formatMatcher({ label: 'code', op: '!~', value: '5\\d\\d' })).toBe('code!~"5\\\\d\\\\d"');
    expect(formatMatcher({ label: 'msg', op: '!=', value: 'say "hi"' })).toBe('msg!="say \\"hi\\""');
  });

  it('writes what the API’s parser reads back, and reads it back the same', () => {
    for (const matcher of [
      { label: 'a', op: '=~' as const, value: 'x.*|"y"\\z' },
      { label: 'b_2', op: '!=' as const, value: '' },
      { label: 'c', op: '=' as const, value: 'line\nbreak' },
    ]) {
      expect(parseLabelMatcher(formatMatcher(matcher))).toEqual(matcher);
      expect(readMatcher(formatMatcher(matcher))).toEqual(matcher);
    }
  });

  it('writes an invalid label name as typed, for the API to refuse', () => {
    const typed = { label: '1x', op: '=' as const, value: 'a' };
    expect(formatMatcher(typed)).toBe('1x="a"');
    expect(parseLabelMatcher(formatMatcher(typed))).toBeUndefined();
    expect(readMatcher('1x="a"')).toEqual(typed);
    expect(readMatcher('a=b="x"')).toEqual({ label: 'a=b', op: '=', value: 'x' });
  });

  it('keeps text that is no matcher at all, and sends it unchanged', () => {
    const row = readMatcher('service=checkout');
    expect(row.unread).toBe('service=checkout');
    expect(formatMatcher(row)).toBe('service=checkout');
    expect(isComplete(row)).toBe(true);
  });

  it('sends a row once it names a label, valid or not', () => {
    expect(isComplete({ label: '', op: '=', value: 'x' })).toBe(false);
    expect(isComplete({ label: '  ', op: '=', value: 'x' })).toBe(false);
    expect(isComplete({ label: 'env', op: '=', value: '' })).toBe(true);
    expect(isComplete({ label: 'bad-name', op: '=', value: 'x' })).toBe(true);
  });

  it('tells which label names the API refuses', () => {
    expect(['bad-name', '1x', 'a b'].map(isInvalidLabelName)).toEqual([true, true, true]);
    expect(['', 'env', '_x1'].map(isInvalidLabelName)).toEqual([false, false, false]);
  });
});
