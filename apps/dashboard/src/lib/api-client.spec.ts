import { describe, expect, it } from 'vitest';
import { loginUrl, safeNextPath } from './api-client';

describe('sign-in redirects', () => {
  it('only follows same-origin paths', () => {
    expect(safeNextPath('/metrics?x=1')).toBe('/metrics?x=1');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath(undefined)).toBe('/');
  });

  it('remembers where the person was', () => {
    expect(loginUrl('/metrics?metric=a')).toBe('/login?next=%2Fmetrics%3Fmetric%3Da');
    expect(loginUrl('/')).toBe('/login');
  });
});
