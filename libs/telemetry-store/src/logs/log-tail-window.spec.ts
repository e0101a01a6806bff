import { describe, expect, it } from 'vitest';
import { makeLogRecord } from '../batch.fixtures';
import { decodeLogCursor, encodeLogCursor, LogCursorError } from './log-cursor';
import { afterCursor, cursorAfter, keyed, newestFirst } from './log-order';
import { LogTailWindow } from './log-tail-window';

const at = (timestampMs: number, body = `b${timestampMs}`) => keyed(makeLogRecord({ timestampMs, body }));

describe('log cursor', () => {
  it('round-trips and refuses anything altered', () => {
    const cursor = { timestampMs: 1_764_000_000_123, key: '0123456789abcdef', sameKey: 2, sameTimestamp: 7 };
    const text = encodeLogCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLogCursor(text)).toEqual(cursor);
    const flipped = Buffer.from(Buffer.from(text, 'base64url').toString().replace('.7.', '.8.')).toString('base64url');
    for (const bad of [flipped, text.slice(0, -2), '', 'not a cursor', '%%%']) expect(() => decodeLogCursor(bad), bad).toThrow(LogCursorError);
  });
});

describe('ordering and cursor continuation', () => {
  it('orders by time then key, both descending, and continues after the cursor', () => {
    const rows = [at(1, 'a'), at(2, 'b'), at(2, 'c'), at(2, 'd'), at(3, 'e')].sort(newestFirst);
    expect(rows.map((row) => row.record.timestampMs)).toEqual([3, 2, 2, 2, 1]);
    const cursor = cursorAfter(rows.slice(0, 2), undefined);
    expect(cursor).toMatchObject({ timestampMs: 2, sameKey: 1, sameTimestamp: 1 });
    expect(afterCursor(rows, cursor)).toEqual(rows.slice(2));
    const next = cursorAfter(rows.slice(2, 3), cursor);
    expect(next).toMatchObject({ timestampMs: 2, sameTimestamp: 2 });
  });

  it('counts identical records so each is returned once', () => {
    const twin = at(5, 'same');
    const rows = [twin, { ...twin }, { ...twin }];
    const cursor = cursorAfter(rows.slice(0, 2), undefined);
    expect(cursor.sameKey).toBe(2);
    expect(afterCursor(rows, cursor)).toHaveLength(1);
  });
});

describe('LogTailWindow', () => {
  it('sends each record once, oldest first, including late ones within 10 s', () => {
    const window = new LogTailWindow(100_000);
    expect(window.lowerBound(100_500)).toBe(100_000);
    expect(window.lowerBound(120_000)).toBe(110_000);
    expect(window.accept([at(100_300), at(100_200), at(99_000)], 100_000).map((one) => one.timestampMs)).toEqual([100_200, 100_300]);
    expect(window.accept([at(100_400), at(100_300), at(100_200)], 100_000).map((one) => one.timestampMs)).toEqual([100_400]);
    // Late: written after a newer record was sent, still inside the window.
    expect(window.accept([at(100_400), at(100_100)], 100_000).map((one) => one.timestampMs)).toEqual([100_100]);
    expect(window.size).toBe(4);
    window.accept([], 100_350);
    expect(window.size).toBe(1);
  });

  it('sends identical records as often as they were stored', () => {
    const window = new LogTailWindow(0);
    const twin = at(10, 'same');
    expect(window.accept([twin], 0)).toHaveLength(1);
    expect(window.accept([twin, twin], 0)).toHaveLength(1);
    expect(window.accept([twin, twin], 0)).toHaveLength(0);
  });
});
