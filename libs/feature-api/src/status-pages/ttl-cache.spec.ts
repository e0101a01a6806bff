import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('shares one computation until it expires, then computes again', async () => {
    const cache = new TtlCache<number>(1_000, 10);
    let runs = 0;
    const compute = () => Promise.resolve((runs += 1));
    expect(await Promise.all([cache.get('a', 0, compute), cache.get('a', 999, compute)])).toEqual([1, 1]);
    expect(await cache.get('a', 1_000, compute)).toBe(2);
    cache.forget('a');
    expect(await cache.get('a', 1_001, compute)).toBe(3);
  });

  it('keeps no failure and no more than its bound', async () => {
    const cache = new TtlCache<string>(1_000, 2);
    await expect(cache.get('a', 0, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', 1, () => Promise.resolve('up'))).toBe('up');
    await cache.get('b', 2, () => Promise.resolve('b'));
    await cache.get('c', 3, () => Promise.resolve('c'));
    // 'a' was the oldest and went to make room.
    expect(await cache.get('a', 4, () => Promise.resolve('again'))).toBe('again');
    expect(await cache.get('c', 5, () => Promise.resolve('not again'))).toBe('c');
  });
});
