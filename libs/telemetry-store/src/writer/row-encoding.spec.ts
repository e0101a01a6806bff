import { describe, expect, it } from 'vitest';
import {
  type ColumnSpec,
  encodeJsonEachRow,
  encodeTabSeparated,
  epochMsToDecimalSeconds,
  float64Text,
  toJsonEachRow,
  tsvString,
  tsvStringMap,
} from './row-encoding';

describe('TabSeparated escaping', () => {
  it('leaves ordinary text, quotes and unicode as they are', () => {
    expect(tsvString('checkout-service')).toBe('checkout-service');
    expect(tsvString(`it's "quoted"`)).toBe(`it's "quoted"`);
    expect(tsvString('zürich ☃ 😀 日本')).toBe('zürich ☃ 😀 日本');
    expect(tsvString('')).toBe('');
  });

  it('escapes backslash, tab, newline, carriage return and NUL', () => {
    expect(tsvString('a\\b')).toBe('a\\\\b');
    expect(tsvString('a\tb')).toBe('a\\tb');
    expect(tsvString('a\nb')).toBe('a\\nb');
    expect(tsvString('a\rb')).toBe('a\\rb');
    expect(tsvString('a\0b')).toBe('a\\0b');
    expect(tsvString('\\t')).toBe('\\\\t');
    expect(tsvString("'); DROP TABLE metric_samples; --")).toBe("'); DROP TABLE metric_samples; --");
  });

  it('writes maps as quoted literals, escaping quotes inside keys and values', () => {
    expect(tsvStringMap({})).toBe('{}');
    expect(tsvStringMap({ env: 'prod', region: 'eu-1' })).toBe("{'env':'prod','region':'eu-1'}");
    expect(tsvStringMap({ "o'k": "it's\ta\nb\\c" })).toBe("{'o\\'k':'it\\'s\\ta\\nb\\\\c'}");
    expect(tsvStringMap({ k: 'ü😀' })).toBe("{'k':'ü😀'}");
  });

  it('writes timestamps as decimal seconds with exact milliseconds', () => {
    expect(epochMsToDecimalSeconds(1_700_000_000_123)).toBe('1700000000.123');
    expect(epochMsToDecimalSeconds(1_700_000_000_007)).toBe('1700000000.007');
    expect(epochMsToDecimalSeconds(0)).toBe('0.000');
    expect(() => epochMsToDecimalSeconds(1.5)).toThrow(RangeError);
  });

  it('writes special floats the way ClickHouse reads them', () => {
    expect(float64Text(Number.NaN)).toBe('nan');
    expect(float64Text(Infinity)).toBe('inf');
    expect(float64Text(-Infinity)).toBe('-inf');
    expect(float64Text(-0.000001)).toBe('-0.000001');
    expect(float64Text(1e-300)).toBe('1e-300');
  });
});

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'project_id', kind: 'UUID' },
  { name: 'name', kind: 'String' },
  { name: 'fingerprint', kind: 'UInt64' },
  { name: 'labels', kind: 'StringMap' },
  { name: 'seen', kind: 'DateTimeFromMs' },
  { name: 'timestamp', kind: 'DateTime64Ms' },
  { name: 'value', kind: 'Float64' },
];
const ROW = ['00000000-0000-4000-8000-000000000001', 'a\tb', '18446744073709551615', { "k'": 'v\n' }, 1_700_000_000_999, 1_700_000_000_123, Number.NaN] as const;

describe('row encoders', () => {
  it('encode one TabSeparated line per row', () => {
    expect(encodeTabSeparated(COLUMNS, [ROW, ROW])).toBe(
      "00000000-0000-4000-8000-000000000001\ta\\tb\t18446744073709551615\t{'k\\'':'v\\n'}\t1700000000\t1700000000.123\tnan\n".repeat(2),
    );
  });

  it('encode JSONEachRow with 64-bit integers, timestamps and special floats as strings', () => {
    expect(toJsonEachRow(COLUMNS, [ROW])).toEqual([
      {
        project_id: '00000000-0000-4000-8000-000000000001',
        name: 'a\tb',
        fingerprint: '18446744073709551615',
        labels: { "k'": 'v\n' },
        seen: 1_700_000_000,
        timestamp: '1700000000.123',
        value: 'nan',
      },
    ]);
    const line = encodeJsonEachRow(COLUMNS, [ROW]);
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.split('\n')).toHaveLength(2);
  });

  it('refuse rows that do not fit the columns', () => {
    expect(() => encodeTabSeparated(COLUMNS, [ROW.slice(1)])).toThrow(/6 values for 7 columns/);
    expect(() => encodeTabSeparated([{ name: 'f', kind: 'UInt64' }], [['-1']])).toThrow(/not a UInt64/);
    expect(() => encodeTabSeparated([{ name: 'f', kind: 'UInt64' }], [['18446744073709551616']])).toThrow(/not a UInt64/);
    expect(() => encodeTabSeparated([{ name: 'v', kind: 'Float64' }], [['1']])).toThrow(/column v \(Float64\) got string/);
    expect(() => encodeTabSeparated([{ name: 'v', kind: 'Float64' }], [[null]])).toThrow(/column v \(Float64\) got object/);
    expect(() => encodeTabSeparated([{ name: 's', kind: 'StringMap' }], [[null]])).toThrow(/column s \(StringMap\) got object/);
  });

  it('write NULL only to a nullable column: \\N in TabSeparated, null in JSON', () => {
    const nullable: ColumnSpec[] = [{ name: 'v', kind: 'NullableFloat64' }];
    expect(encodeTabSeparated(nullable, [[null], [1.5], [Number.NaN]])).toBe('\\N\n1.5\nnan\n');
    expect(toJsonEachRow(nullable, [[null], [2]])).toEqual([{ v: null }, { v: 2 }]);
  });
});
