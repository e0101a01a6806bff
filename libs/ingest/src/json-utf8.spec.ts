import { isUtf8 } from 'node:buffer';
import { seededRandom } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { describeJsonPosition, findInvalidUtf8, firstInvalidUtf8Offset, jsonPositionAt } from './json-utf8';

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => Buffer.from(part)));

/** Deterministic bytes, biased towards the lead and continuation bytes that matter. */
function randomBytes(seed: number, length: number): Buffer {
  const random = seededRandom(seed);
  const next = () => Math.floor(random() * 4294967296);
  const interesting = [0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f, 0x90];
  return Buffer.from(Array.from({ length }, () => (next() % 2 === 0 ? (interesting[next() % interesting.length] as number) : next() % 256)));
}

describe('firstInvalidUtf8Offset', () => {
  it('agrees with isUtf8 on valid text and on random bytes, and everything before the offset is valid', () => {
    expect(firstInvalidUtf8Offset(Buffer.from('plain, ü, ☃, 𝄞 and U+10FFFF \u{10ffff}'))).toBe(-1);
    for (let seed = 1; seed <= 3000; seed++) {
      const input = randomBytes(seed, 1 + (seed % 12));
      const offset = firstInvalidUtf8Offset(input);
      expect(offset === -1, input.toString('hex')).toBe(isUtf8(input));
      if (offset >= 0) {
        expect(isUtf8(input.subarray(0, offset)), input.toString('hex')).toBe(true);
        // The sequence starting at the offset is broken however it continues.
        expect(isUtf8(input.subarray(offset)), input.toString('hex')).toBe(false);
      }
    }
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and truncated sequences at their first byte', () => {
    expect(firstInvalidUtf8Offset(bytes('ab', [0xc0, 0xaf]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytes('ab', [0xe0, 0x80, 0xaf]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytes('ab', [0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytes('ab', [0xf4, 0x90, 0x80, 0x80]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytes('ab☃', [0xe2, 0x98]))).toBe(5);
  });
});

describe('findInvalidUtf8', () => {
  it('is undefined for valid UTF-8 and gives offset, line and line start otherwise', () => {
    expect(findInvalidUtf8(Buffer.from('{"a":"ü"}\n{"b":1}'))).toBeUndefined();
    expect(findInvalidUtf8(bytes('{"a":1}\n\n{"b":"', [0xff], '"}'))).toEqual({ offset: 15, line: 3, lineStart: 9 });
    expect(findInvalidUtf8(bytes([0x80]))).toEqual({ offset: 0, line: 1, lineStart: 0 });
  });
});

describe('jsonPositionAt', () => {
  const at = (...parts: (string | number[])[]) => {
    const text = bytes(...parts);
    return describeJsonPosition(jsonPositionAt(text, firstInvalidUtf8Offset(text)));
  };

  it('names the value holding the byte through objects and arrays', () => {
    expect(at('{"samples":[{"name":"a","labels":{}},{"name":"b","labels":{"x":"1","host":"h', [0xff], '"}}]}')).toBe('samples[1].labels.host');
    expect(at('{"samples":[{"name":"a"}, {"name":"', [0xff], '"}]}')).toBe('samples[1].name');
    expect(at('[1, [2, 3], "', [0xff], '"]')).toBe('[2]');
    expect(at('"', [0xff], '"')).toBe('');
  });

  it('reads escaped quotes and backslashes inside strings, and keys with escapes', () => {
    expect(at('{"a\\"b":"x\\\\", "c\\u0041":"', [0xff], '"}')).toBe('cA');
    expect(at('{"a":"say \\"', [0xff], '\\""}')).toBe('a');
  });

  it('says when the byte is in a key', () => {
    expect(at('{"labels":{"ok":"1","', [0xff], '":"2"}}')).toBe('labels (a key)');
    expect(at('{"', [0xff], '":1}')).toBe('a key');
  });
});
