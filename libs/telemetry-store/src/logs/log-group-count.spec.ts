import { parseLogSearchText } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { compile, qualifiedTable } from '../sql-template';
import { TelemetryQueryError } from '../telemetry.errors';
import { checkGroupCountQuery, type GroupCountRow, groupCountSql, GroupCounts } from './log-group-count';
import { logFilterCondition } from './log-search.sql';

const PROJECT = '00000000-0000-4000-8000-000000000001';
const TABLE = qualifiedTable('vigil', 'logs');

describe('groupCountSql', () => {
  it('counts and keeps the newest lines per group in one parametrized query (snapshot)', () => {
    const where = logFilterCondition(PROJECT, { from: 1, to: 2, services: ['api'], text: parseLogSearchText('timeout') });
    const query = compile(groupCountSql(TABLE, where, 'attribute:http.route', 5, 1_000));
    expect(query.query).toMatchInlineSnapshot(`
      "SELECT attributes[{p0:String}] AS group_key, count() AS records, groupArraySorted({p1:UInt32})((-toUnixTimestamp64Milli(timestamp), toString(service), severity_number, toString(severity_text), substringUTF8(body, 1, {p2:UInt32}))) AS lines
          FROM {p3:Identifier}.{p4:Identifier}
          WHERE project_id = {p5:UUID} AND timestamp >= fromUnixTimestamp64Milli({p6:Int64}) AND timestamp <= fromUnixTimestamp64Milli({p7:Int64}) AND service IN {p8:Array(String)} AND hasAllTokens(body, {p9:Array(String)})
          GROUP BY group_key
          LIMIT {p10:UInt32}"
    `);
    expect(query.query_params).toMatchObject({ p0: 'http.route', p1: 5, p2: 1_000, p3: 'vigil', p4: 'logs', p10: 1_001 });
  });

  it('groups by service or by nothing, and keeps no lines when none are asked for', () => {
    expect(compile(groupCountSql(TABLE, logFilterCondition(PROJECT, {}), 'service', 0, 10)).query).toMatch(/^SELECT toString\(service\) AS group_key, count\(\) AS records, \[\] AS lines/);
    expect(compile(groupCountSql(TABLE, logFilterCondition(PROJECT, {}), 'none', 1, 10)).query).toMatch(/^SELECT '' AS group_key/);
  });
});

const row = (key: string, records: number, lines: [number, string][] = []): GroupCountRow => ({
  group_key: key,
  records: String(records),
  lines: lines.map(([ms, body]) => [String(-ms), 'api', 17, body === 'no text' ? '' : 'ERROR', body]),
});

describe('GroupCounts', () => {
  it('adds counts across slices and keeps the newer slices’ lines first, at most N', () => {
    const groups = new GroupCounts('service', 2, 10);
    groups.add([row('web', 3, [[300, 'w3'], [200, 'w2']]), row('api', 1, [[250, 'a1']])]);
    groups.add([row('api', 4, [[150, 'a0'], [100, 'no text']]), row('db', 2, [[50, 'd1']])]);
    expect(groups.result()).toEqual([
      { labels: { service: 'api' }, count: 5, lines: [{ timestamp: 250, service: 'api', severity: 'ERROR', body: 'a1' }, { timestamp: 150, service: 'api', severity: 'ERROR', body: 'a0' }] },
      { labels: { service: 'db' }, count: 2, lines: [{ timestamp: 50, service: 'api', severity: 'ERROR', body: 'd1' }] },
      { labels: { service: 'web' }, count: 3, lines: [{ timestamp: 300, service: 'api', severity: 'ERROR', body: 'w3' }, { timestamp: 200, service: 'api', severity: 'ERROR', body: 'w2' }] },
    ]);
  });

  it("names a level when the record sent no severity text, labels attributes by key, and 'none' is one group", () => {
    const byRoute = new GroupCounts('attribute:http.route', 5, 10);
    byRoute.add([row('', 1, [[1, 'no text']])]);
    expect(byRoute.result()).toEqual([{ labels: { 'http.route': '' }, count: 1, lines: [{ timestamp: 1, service: 'api', severity: 'error', body: 'no text' }] }]);
    expect(new GroupCounts('none', 5, 10).result()).toEqual([{ labels: {}, count: 0, lines: [] }]);
  });

  it('refuses more groups than the limit, naming it', () => {
    const groups = new GroupCounts('service', 1, 2);
    groups.add([row('a', 1), row('b', 1)]);
    const error = (() => {
      try {
        groups.add([row('c', 1)]);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TelemetryQueryError);
    expect((error as TelemetryQueryError).reason).toBe('TOO_MANY_GROUPS');
    expect((error as Error).message).toBe('The log count by service has more than 2 groups; group by a key with fewer values, or narrow the search (service, severity, attr, q).');
  });

  it('checks evidence, group limit and grouping', () => {
    expect(checkGroupCountQuery({ from: 0, to: 1, groupBy: 'service' })).toEqual({ evidence: 5, maxGroups: 1_000 });
    expect(() => checkGroupCountQuery({ from: 0, to: 1, groupBy: 'service', evidence: 101 })).toThrow(RangeError);
    expect(() => checkGroupCountQuery({ from: 0, to: 1, groupBy: 'service', maxGroups: 0 })).toThrow(RangeError);
    expect(() => checkGroupCountQuery({ from: 0, to: 1, groupBy: 'attribute:' })).toThrow(/groupBy/);
  });
});
