import { describe, expect, it } from 'vitest';
import { compile, identifier, join, param, qualifiedTable, sql, type SqlParam } from './sql-template';

describe('sql tagged template', () => {
  it('sends every value as a numbered typed parameter', () => {
    const projectId = '0b8f6a1e-0000-4000-8000-000000000001';
    expect(compile(sql`SELECT count() FROM t WHERE project_id = ${param('UUID', projectId)} AND value > ${param('Float64', 1.5)}`)).toEqual({
      query: 'SELECT count() FROM t WHERE project_id = {p0:UUID} AND value > {p1:Float64}',
      query_params: { p0: projectId, p1: 1.5 },
    });
  });

  it('sends identifiers as Identifier parameters, database and table separately', () => {
    expect(compile(sql`SELECT * FROM ${qualifiedTable('vigil', 'metric_samples')} ORDER BY ${identifier('timestamp')}`)).toEqual({
      query: 'SELECT * FROM {p0:Identifier}.{p1:Identifier} ORDER BY {p2:Identifier}',
      query_params: { p0: 'vigil', p1: 'metric_samples', p2: 'timestamp' },
    });
  });

  it('numbers parameters across nested and joined fragments in reading order', () => {
    const conditions = [sql`a = ${param('String', 'x')}`, sql`labels[${param('String', 'env')}] != ${param('String', 'dev')}`];
    const where = join(conditions, sql` AND `);
    const compiled = compile(sql`
      SELECT 1 FROM t
      WHERE ${where} AND b IN ${param('Array(UInt64)', ['1', '2'])}`);
    expect(compiled.query).toBe('SELECT 1 FROM t\n      WHERE a = {p0:String} AND labels[{p1:String}] != {p2:String} AND b IN {p3:Array(UInt64)}');
    expect(compiled.query_params).toEqual({ p0: 'x', p1: 'env', p2: 'dev', p3: ['1', '2'] });
  });

  it('keeps an injection attempt as a parameter value, never as SQL text', () => {
    const evil = "'); DROP TABLE metric_samples; --";
    const compiled = compile(sql`SELECT 1 WHERE name = ${param('String', evil)}`);
    expect(compiled.query).toBe('SELECT 1 WHERE name = {p0:String}');
    expect(compiled.query).not.toContain('DROP');
    expect(compiled.query_params.p0).toBe(evil);
  });

  it.each([['a string', "x' OR 1=1 --"], ['a number', 42], ['null', null], ['a plain object', { type: 'String', value: 'x' }]])(
    'refuses %s interpolated bare',
    (_label, value) => {
      expect(() => sql`SELECT ${value as unknown as SqlParam}`).toThrow(/interpolation 0 is a bare .*wrap values in param/);
    },
  );

  it('refuses parameter types that could carry SQL, and undefined values', () => {
    expect(() => param('String} OR 1=1 --', 'x')).toThrow(/invalid ClickHouse type/);
    expect(() => param('String', undefined)).toThrow(/has no value/);
    expect(param('Map(String, String)', {}).type).toBe('Map(String, String)');
    expect(param('DateTime64(3)', 0).type).toBe('DateTime64(3)');
  });

  it('joins nothing to an empty fragment', () => {
    expect(compile(join([], sql` AND `))).toEqual({ query: '', query_params: {} });
  });
});
