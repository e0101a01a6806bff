import { describe, expect, it } from 'vitest';
import { seededRandom } from '@vigil/testing';
import { isPlainVigilLogRecord } from './vigil-log.check';
import { vigilLogRecordSchema } from './vigil-log.schema';

// The hand check may only say yes to what the schema accepts unchanged; where it says no the
// decoder asks the schema, so being stricter costs time, never an answer.

function agreesWithSchema(input: unknown): boolean {
  const fast = isPlainVigilLogRecord(input);
  const parsed = vigilLogRecordSchema.safeParse(input);
  if (fast) {
    expect(parsed.success, JSON.stringify(input)).toBe(true);
    expect(parsed.data).toEqual(input);
  }
  return fast;
}

describe('isPlainVigilLogRecord', () => {
  it('accepts only what the schema accepts, on random records from JSON text', () => {
    const random = seededRandom(17);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const hex = (length: number) => Array.from({ length }, () => pick([...'0123456789abcdefABCDEF'])).join('');
    // JSON text, so the values are what JSON.parse makes of a body (1e400 is Infinity, `__proto__`
    // an own key). Each field: what the schema takes, then what it refuses (picked a third of the time).
    const fields: Record<string, [string[], string[]]> = {
      timestamp: [['1736942400000', '0', '1.5', '"2025-01-15T12:00:00Z"', '"2025-01-15T12:00:00+02:00"'], ['-1', '1e400', '"2025-01-15 12:00"', '"2025-01-15T12:00:00"', 'null', '"x"']],
      severity: [['9', '0', '24', '"warn"', '""'], ['25', '-1', '2.5', 'null', 'true']],
      service: [['"checkout"', '""'], ['null', '3']],
      message: [['"GET /"', '""'], ['null', '1', '{}']],
      attributes: [
        ['{}', '{"a":"1","b":2,"c":true}', '{"1":"one","a":"x"}'],
        ['{"n":1e400}', '{"o":{}}', '{"l":[1]}', '{"z":null}', '{"__proto__":"x"}', '[]', 'null', '"a=1"'],
      ],
      trace_id: [[`"${hex(32)}"`, '""'], [`"${hex(31)}"`, `"${hex(31)}g"`, `"${hex(31)}\\u0010"`, `"${hex(16)}"`, 'null']],
      span_id: [[`"${hex(16)}"`, '""'], [`"${hex(15)}G"`, `"${hex(32)}"`, '7']],
      level: [[], ['"info"']],
      __proto__: [[], ['{"message":"x"}']],
    };
    const value = ([good, bad]: [string[], string[]]) => (good.length > 0 && random() < 0.67 ? pick(good) : pick(bad));
    let accepted = 0;
    let refused = 0;
    for (let run = 0; run < 3000; run++) {
      const keys = Object.keys(fields).filter((key) => random() < (key === 'message' ? 0.95 : key === 'level' || key === '__proto__' ? 0.03 : 0.6));
      const text = `{${keys.map((key) => `"${key}":${value(fields[key] as [string[], string[]])}`).join(',')}}`;
      if (agreesWithSchema(JSON.parse(text))) accepted++;
      else if (!vigilLogRecordSchema.safeParse(JSON.parse(text)).success) refused++;
      // The one record the check leaves to the schema although the schema takes it: an attribute
      // named `__proto__`, which needs setKey's care.
      else expect(text).toContain('"attributes":{"__proto__":"x"}');
    }
    // Both sides reached: the fast path is taken often, and refusals are left to the schema.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
    for (const input of [null, [], 'x', 1, [{ message: 'x' }], Object.create(null), new Date()]) agreesWithSchema(input);
  });

  it('takes the fast path for the records senders send', () => {
    expect(
      isPlainVigilLogRecord(
        JSON.parse('{"timestamp":1736942400000,"severity":"INFO","service":"checkout","message":"GET /api/cart 200","attributes":{"http.route":"/api/cart","status":200,"cached":false},"trace_id":"5B8EFFF798038103D269B633813FC60C","span_id":"eee19b7ec3c1b174"}'),
      ),
    ).toBe(true);
    expect(isPlainVigilLogRecord({ message: 'x', timestamp: '2025-01-15T11:59:00.250Z' })).toBe(true);
  });
});
