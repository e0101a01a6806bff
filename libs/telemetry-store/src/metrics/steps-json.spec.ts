import { describe, expect, it } from 'vitest';
import { stepsAnswerJson } from './steps-json';

const rows = (...lines: string[]): Buffer => Buffer.from(lines.map((line) => `${line}\n`).join(''));

describe('stepsAnswerJson', () => {
  it('splices each group’s points after its labels, in row order, and counts the points', () => {
    const { points, json } = stepsAnswerJson(rows('[0, 2, [[1000,1.5],[2000,2]]]', '[1, 1, [[1000,-3e-7]]]'), ['{"pod":"a"}', '{"pod":"b"}']);
    expect(points).toBe(3);
    expect(JSON.parse(json.toString())).toEqual([
      { labels: { pod: 'a' }, points: [[1000, 1.5], [2000, 2]] },
      { labels: { pod: 'b' }, points: [[1000, -3e-7]] },
    ]);
  });

  it('writes NaN and ±Inf as the API’s strings', () => {
    const { json } = stepsAnswerJson(rows('[0, 4, [[1,"nan"],[2,"inf"],[3,"-inf"],[4,5]]]'), ['{}']);
    expect(JSON.parse(json.toString())).toEqual([{ labels: {}, points: [[1, 'NaN'], [2, '+Inf'], [3, '-Inf'], [4, 5]] }]);
  });

  it('gives an empty answer for no rows, and accepts output without a final newline or spaces', () => {
    expect(stepsAnswerJson(Buffer.alloc(0), ['{}'])).toEqual({ points: 0, json: Buffer.from('[]') });
    expect(JSON.parse(stepsAnswerJson(Buffer.from('[1,1,[[5,6]]]'), ['{"a":"x"}', '{"a":"y"}']).json.toString())).toEqual([{ labels: { a: 'y' }, points: [[5, 6]] }]);
  });

  it('refuses a row it cannot read or a group it was not given', () => {
    expect(() => stepsAnswerJson(rows('{"g":0}'), ['{}'])).toThrow(/unexpected steps row/);
    expect(() => stepsAnswerJson(rows('[3, 1, [[1,2]]]'), ['{}'])).toThrow(/group 3/);
  });
});
