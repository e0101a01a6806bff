import { describe, expect, it } from 'vitest';
import { parseLabelMatcher } from '@vigil/contracts';
import { formatMatcher, isComplete } from './label-matchers';

describe('label matchers', () => {
  it('writes every operator the API reads, escaping quotes and backslashes', () => {
    expect(formatMatcher({ label: 'service', op: '=', value: 'checkout' })).toBe('service="checkout"');
    expect(formatMatcher({ label: 'code', op: '!~', value: '5\\d\\d' })).toBe('code!~"5\\\\d\\\\d"');
    expect(formatMatcher({ label: 'msg', op: '!=', value: 'say "hi"' })).toBe('msg!="say \\"hi\\""');
  });

  it('writes what the API’s parser reads back', () => {
    for (const matcher of [
      { label: 'a', op: '=~' as const, value: 'x.*|"y"\\z' },
      { label: 'b_2', op: '!=' as const, value: '' },
    ]) {
      expect(parseLabelMatcher(formatMatcher(matcher))).toEqual(matcher);
    }
  });

  it('refuses text that is not a matcher', () => {
    expect(parseLabelMatcher('service=checkout')).toBeUndefined();
    expect(parseLabelMatcher('1x="a"')).toBeUndefined();
  });

  it('sends a row once it names a valid label', () => {
    expect(isComplete({ label: '', op: '=', value: 'x' })).toBe(false);
    expect(isComplete({ label: 'env', op: '=', value: '' })).toBe(true);
  });
});
