import { parseLogAttributeFilter, parseLogSearchText, type LogAttributeFilter } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { compile } from '../sql-template';
import { logFilterCondition, logTermPattern, splitLogTokens } from './log-search.sql';

const PROJECT = '00000000-0000-4000-8000-000000000001';

describe('logFilterCondition', () => {
  it('renders every filter as parameters (snapshot)', () => {
    const query = compile(
      logFilterCondition(PROJECT, {
        from: 1,
        to: 2,
        services: ['api', 'web'],
        severities: ['error', 'warn', 'fatal', 'trace'],
        attributes: [parseLogAttributeFilter('http.route=/x') as LogAttributeFilter, parseLogAttributeFilter('resource.region!=eu') as LogAttributeFilter],
        traceId: '0af7651916cd43dd8448eb211c80319c',
        text: parseLogSearchText('Quokka -noise eu-west-1 "at position" -"dry run"'),
      }),
    );
    expect(query.query).toMatchInlineSnapshot(`"project_id = {p0:UUID} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64}) AND timestamp <= fromUnixTimestamp64Milli({p2:Int64}) AND service IN {p3:Array(String)} AND (severity_number BETWEEN {p4:UInt8} AND {p5:UInt8} OR severity_number BETWEEN {p6:UInt8} AND {p7:UInt8}) AND attributes[{p8:String}] = {p9:String} AND resource[{p10:String}] != {p11:String} AND trace_id = {p12:String} AND hasAllTokens(body, {p13:Array(String)}) AND NOT hasAnyTokens(body, {p14:Array(String)}) AND (hasAllTokens(body, {p15:Array(String)}) AND match(body, {p16:String})) AND (hasAllTokens(body, {p17:Array(String)}) AND match(body, {p18:String})) AND NOT (hasAllTokens(body, {p19:Array(String)}) AND match(body, {p20:String}))"`);
    expect(query.query_params).toMatchObject({ p4: 1, p5: 4, p6: 13, p7: 24, p13: ['quokka'], p14: ['noise'], p15: ['eu', 'west', '1'], p17: ['at', 'position'], p19: ['dry', 'run'] });
  });

  it('keeps injection text out of the SQL', () => {
    const nasty = `'); DROP TABLE logs; --`;
    const query = compile(logFilterCondition(PROJECT, { services: [nasty], attributes: [{ target: 'attributes', key: nasty, op: '=', value: nasty }], text: parseLogSearchText(nasty) }));
    expect(query.query).not.toContain('DROP');
    expect(Object.values(query.query_params)).toContainEqual([nasty]);
  });
});

describe('text terms', () => {
  it('splits tokens like splitByNonAlpha: ASCII punctuation separates, non-ASCII belongs to tokens', () => {
    expect(splitLogTokens('Ärger über_x-1 user=u123 日本語 3.14')).toEqual(['Ärger', 'über', 'x', '1', 'user', 'u123', '日本語', '3', '14']);
  });

  it('anchors patterns on token boundaries only where the term starts or ends with a token character', () => {
    expect(logTermPattern('quokka at')).toBe('(?i)(?:^|[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f])quokka at(?:[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]|$)');
    expect(logTermPattern('100%')).toBe('(?i)(?:^|[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f])100\\%');
    expect(logTermPattern('.*(\t')).toBe('(?i)\\.\\*\\(\\x{9}');
  });

  it('needs no match() for a plain word, and no index for a word without ASCII tokens', () => {
    expect(compile(logFilterCondition(PROJECT, { text: parseLogSearchText('Timeout') })).query).not.toContain('match(');
    expect(compile(logFilterCondition(PROJECT, { text: parseLogSearchText('über') })).query).toBe('project_id = {p0:UUID} AND match(body, {p1:String})');
  });
});
