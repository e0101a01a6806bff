import { parseLogAttributeFilter, parseLogSearchText, type LogAttributeFilter } from '@vigil/contracts';
import type { LogRecord } from '@vigil/ingest';
import { DomainError } from '@vigil/server-kit';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLogBatch, makeLogRecord } from '../batch.fixtures';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { compile, qualifiedTable, sql } from '../sql-template';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { TelemetryBatchWriter } from '../writer/telemetry-batch.writer';
import { LogCursorError } from './log-cursor';
import { LogRepository, type LogPageQuery } from './log.repository';
import { logFilterCondition } from './log-search.sql';

// One chDB data directory for this file (one engine per process); each test uses fresh project ids.
const DATABASE = 't_log_search';
let dataDir: string;
let store: TelemetryStore;
let logs: LogRepository;
let writer: TelemetryBatchWriter;

// Recent, on an hour boundary: rows older than their retention expire as they are inserted.
const HOUR = 3_600_000;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
let projectCounter = 0;
const newProject = (): string => `00000000-0000-4000-8000-${String(++projectCounter).padStart(12, '0')}`;
const record = (overrides: Partial<LogRecord> = {}): LogRecord => makeLogRecord({ timestampMs: T0, observedTimestampMs: T0 + 1_000, ...overrides });
const write = (project: string, records: LogRecord[]) => writer.writeLogBatch(project, makeLogBatch(records), 7);
const attrs = (...texts: string[]): LogAttributeFilter[] => texts.map((text) => parseLogAttributeFilter(text) as LogAttributeFilter);
const RANGE = { from: T0 - HOUR, to: T0 + HOUR };

async function bodies(project: string, q: string, extra: Partial<LogPageQuery> = {}): Promise<string[]> {
  const page = await logs.page(project, { ...RANGE, limit: 1000, text: parseLogSearchText(q), ...extra });
  return page.records.map((one) => one.body).sort();
}

async function allPages(project: string, limit: number, extra: Partial<LogPageQuery> = {}): Promise<{ pages: LogRecord[][]; cursors: (string | null)[] }> {
  const pages: LogRecord[][] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const page = await logs.page(project, { ...RANGE, limit, ...extra, cursor });
    pages.push(page.records);
    cursors.push(page.nextCursor);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return { pages, cursors };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-log-search-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  logs = new LogRepository(store);
  writer = new TelemetryBatchWriter(store.writer);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('LogRepository.page: newest first with a stable cursor', () => {
  it('pages 250 records of one millisecond by 100 without a duplicate or a gap, identical records included', async () => {
    const project = newProject();
    const same = Array.from({ length: 250 }, (_, index) => record({ timestampMs: T0, body: `same ms ${index % 245}` })); // 5 pairs of identical records
    const around = [record({ timestampMs: T0 + 1, body: 'newer' }), record({ timestampMs: T0 - 1, body: 'older' })];
    // Several inserts, so the millisecond spans parts.
    await write(project, same.slice(0, 120));
    await write(project, [...around, ...same.slice(120)]);
    const { pages, cursors } = await allPages(project, 100);
    expect(pages.map((page) => page.length)).toEqual([100, 100, 52]);
    expect(cursors[2]).toBeNull();
    const all = pages.flat();
    expect(all[0]?.body).toBe('newer');
    expect(all[all.length - 1]?.body).toBe('older');
    const counts = new Map<string, number>();
    for (const one of all) counts.set(one.body, (counts.get(one.body) ?? 0) + 1);
    expect(counts.size).toBe(247);
    expect([...counts.values()].filter((count) => count === 2)).toHaveLength(5);
    expect(all.map((one) => one.timestampMs)).toEqual([...all.map((one) => one.timestampMs)].sort((a, b) => b - a));
  });

  it('gives the same pages for small limits and keeps them when newer records arrive between pages', async () => {
    const project = newProject();
    await write(project, Array.from({ length: 40 }, (_, index) => record({ timestampMs: T0 + Math.floor(index / 7), body: `r${index}` })));
    const byOne = (await allPages(project, 1)).pages.flat();
    const bySeven = (await allPages(project, 7)).pages.flat();
    expect(byOne).toHaveLength(40);
    expect(bySeven).toEqual(byOne);

    const first = await logs.page(project, { ...RANGE, limit: 10 });
    await write(project, [record({ timestampMs: T0 + 3, body: 'late arrival' }), record({ timestampMs: T0 + 100, body: 'newest' })]);
    let cursor = first.nextCursor ?? undefined;
    const rest: LogRecord[] = [];
    while (cursor) {
      const page = await logs.page(project, { ...RANGE, limit: 10, cursor });
      rest.push(...page.records);
      cursor = page.nextCursor ?? undefined;
    }
    const seen = [...first.records, ...rest].map((one) => one.body);
    expect(new Set(seen).size).toBe(seen.length);
    for (const one of byOne) expect(seen).toContain(one.body);
  });

  it('refuses a garbage or altered cursor with an error naming `cursor`', async () => {
    const project = newProject();
    await write(project, [record({ body: 'a' }), record({ timestampMs: T0 + 1, body: 'b' })]);
    const { nextCursor } = await logs.page(project, { ...RANGE, limit: 1 });
    expect(nextCursor).toEqual(expect.any(String));
    const tampered = Buffer.from(Buffer.from(nextCursor as string, 'base64url').toString().replace(/^v1\.\d/, 'v1.9')).toString('base64url');
    for (const bad of ['garbage', "'; DROP TABLE logs; --", tampered, `${nextCursor}x`]) {
      const error = await logs.page(project, { ...RANGE, limit: 1, cursor: bad }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LogCursorError);
      expect((error as DomainError).details.errors?.[0]?.path).toBe('cursor');
    }
  });
});

describe('LogRepository search filters', () => {
  it('matches words as whole tokens, case-insensitively, with phrases and exclusions', async () => {
    const project = newProject();
    await write(project, [
      record({ body: 'Payment DECLINED for order 77' }),
      record({ body: 'payment accepted for order 78' }),
      record({ body: 'unexpected token Quokka at position 12' }),
      record({ body: 'quokka attention please' }),
      record({ body: 'region eu-west-1 is slow; user=u42' }),
      record({ body: 'Zürich ÜBER alles' }),
      record({ body: 'declined_twice' }),
    ]);
    expect(await bodies(project, 'declined')).toEqual(['Payment DECLINED for order 77', 'declined_twice']);
    expect(await bodies(project, 'PAYMENT -declined')).toEqual(['payment accepted for order 78']);
    expect(await bodies(project, 'decline')).toEqual([]);
    expect(await bodies(project, '"quokka at"')).toEqual(['unexpected token Quokka at position 12']);
    expect(await bodies(project, 'quokka -"QUOKKA AT"')).toEqual(['quokka attention please']);
    expect(await bodies(project, 'EU-WEST-1')).toEqual(['region eu-west-1 is slow; user=u42']);
    expect(await bodies(project, 'user=u42')).toEqual(['region eu-west-1 is slow; user=u42']);
    expect(await bodies(project, 'user=u4')).toEqual([]);
    expect(await bodies(project, 'über zürich')).toEqual(['Zürich ÜBER alles']);
    expect(await bodies(project, '"for order" -77')).toEqual(['payment accepted for order 78']);
  });

  it('filters on service, severity levels, attributes, resource attributes and trace id', async () => {
    const project = newProject();
    const trace = '0af7651916cd43dd8448eb211c80319c';
    await write(project, [
      record({ body: 'a', service: 'api', severityNumber: 17, severityText: 'ERROR', attributes: { 'http.route': '/x' } }),
      record({ body: 'b', service: 'web', severityNumber: 13, severityText: 'WARN', attributes: { 'http.route': '/y' }, traceId: trace }),
      record({ body: 'c', service: 'web', severityNumber: 9, resource: { 'service.name': 'web', region: 'eu' } }),
      record({ body: 'd', service: 'db', severityNumber: 0, severityText: '' as never }),
      record({ body: 'e', service: 'db', severityNumber: 30 }),
    ]);
    expect(await bodies(project, '', { services: ['web', 'db'] })).toEqual(['b', 'c', 'd', 'e']);
    expect(await bodies(project, '', { severities: ['warn', 'error'] })).toEqual(['a', 'b']);
    expect(await bodies(project, '', { severities: ['unspecified'] })).toEqual(['d', 'e']);
    expect(await bodies(project, '', { severities: ['unspecified', 'fatal'] })).toEqual(['d', 'e']);
    expect(await bodies(project, '', { attributes: attrs('http.route=/x') })).toEqual(['a']);
    expect(await bodies(project, '', { attributes: attrs('http.route!=/x') })).toEqual(['b', 'c', 'd', 'e']);
    expect(await bodies(project, '', { attributes: attrs('resource.region=eu') })).toEqual(['c']);
    expect(await bodies(project, '', { traceId: trace })).toEqual(['b']);
    expect(await logs.count(project, { ...RANGE, services: ['web'], severities: ['info'] })).toBe(1);
    expect(await logs.services(project, { ...RANGE, limit: 10 })).toEqual(['api', 'db', 'web']);
    expect(await logs.services(project, { ...RANGE, prefix: 'w', limit: 10 })).toEqual(['web']);
    expect(await logs.services(project, { ...RANGE, limit: 2 })).toEqual(['api', 'db']);
    expect(await logs.services(newProject(), { ...RANGE, limit: 10 })).toEqual([]);
    expect(await logs.attributeKeys(project, { ...RANGE, limit: 10 })).toEqual(['http.route']);
    expect(await logs.attributeValues(project, { ...RANGE, key: 'http.route', limit: 10 })).toEqual(['/x', '/y']);
    expect(await logs.attributeValues(project, { ...RANGE, key: 'http.route', prefix: '/y', limit: 10 })).toEqual(['/y']);
    expect(await logs.attributeValues(project, { ...RANGE, key: "x'); DROP TABLE logs; --", limit: 10 })).toEqual([]);
  });

  it('treats injection attempts and unicode as plain values in q, attr and service', async () => {
    const project = newProject();
    const nasty = `it's "quoted" \\ back\\slash 100% a_b '); DROP TABLE logs; -- ☃ 😀`;
    await write(project, [
      record({ body: nasty, service: nasty, attributes: { [nasty]: nasty } }),
      record({ body: 'a_b 100 percent abb', service: 'plain' }),
    ]);
    const texts = ['"\'); DROP TABLE logs; --"', '"100%"', '\\', '"back\\\\slash"', '😀', "it's", '"\\"quoted\\""'];
    for (const q of texts) expect(await bodies(project, q), q).toEqual([nasty]);
    expect(await bodies(project, '"a_b"')).toEqual(['a_b 100 percent abb', nasty]);
    expect(await bodies(project, 'a_b -"100%"')).toEqual(['a_b 100 percent abb']);
    expect(await bodies(project, '', { services: [nasty] })).toEqual([nasty]);
    expect(await bodies(project, '', { attributes: attrs(`${nasty}=${nasty}`) })).toEqual([nasty]);
    expect(await bodies(project, '', { services: ["x' OR 1=1 --"] })).toEqual([]);
    expect(await logs.count(project)).toBe(2);
  });

  it('finds a rare word through the text index, which skips the other granules', async () => {
    const project = newProject();
    const many = Array.from({ length: 60_000 }, (_, index) => record({ timestampMs: T0 + index, body: index === 31_337 ? 'unexpected token Wombat here' : `GET /api/orders/${index} 200 in ${index % 400}ms` }));
    await write(project, many);
    expect(await bodies(project, 'wombat')).toEqual(['unexpected token Wombat here']);
    const where = logFilterCondition(project, { ...RANGE, text: parseLogSearchText('wombat') });
    const query = compile(sql`EXPLAIN indexes = 1 SELECT body FROM ${qualifiedTable(DATABASE, 'logs')} WHERE ${where} ORDER BY timestamp DESC LIMIT 100`);
    const plan = (await (await store.client.query({ ...query, format: 'JSONEachRow' })).json<{ explain: string }>()).map((row) => row.explain).join('\n');
    const skip = /Name: idx_body[\s\S]*?Granules: (\d+)\/(\d+)/.exec(plan);
    expect(skip, plan).not.toBeNull();
    const [selected, total] = [Number(skip?.[1]), Number(skip?.[2])];
    expect(total).toBeGreaterThan(5);
    expect(selected).toBe(1);
  });
});

describe('LogRepository.histogram', () => {
  it('counts per aligned bucket and level, with empty buckets, for the same search', async () => {
    const project = newProject();
    await write(project, [
      record({ timestampMs: T0 + 1_000, severityNumber: 17, body: 'boom' }),
      record({ timestampMs: T0 + 59_999, severityNumber: 9, body: 'boom ok' }),
      record({ timestampMs: T0 + 120_000, severityNumber: 9, body: 'fine' }),
      record({ timestampMs: T0 + 130_000, severityNumber: 0, body: 'boom' }),
    ]);
    const histogram = await logs.histogram(project, { from: T0, to: T0 + 179_999, step: 60_000, text: parseLogSearchText('boom') });
    expect(histogram).toEqual({
      step: 60_000,
      buckets: [
        { t: T0, total: 2, bySeverity: { error: 1, info: 1 } },
        { t: T0 + 60_000, total: 0, bySeverity: {} },
        { t: T0 + 120_000, total: 1, bySeverity: { unspecified: 1 } },
      ],
    });
    expect((await logs.histogram(project, { from: T0, to: T0 + HOUR })).step).toBe(60_000);
    const error = await logs.histogram(project, { from: T0, to: T0 + HOUR, step: 1_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('QUERY_LIMIT_EXCEEDED');
  });
});

describe('LogRepository.recent', () => {
  it('returns the newest matching records at or after a time', async () => {
    const project = newProject();
    await write(project, [record({ timestampMs: T0, body: 'x old' }), record({ timestampMs: T0 + 10, body: 'x new' }), record({ timestampMs: T0 + 20, body: 'y new' })]);
    const rows = await logs.recent(project, { text: parseLogSearchText('x') }, T0 + 5, 10);
    expect(rows.map((row) => row.record.body)).toEqual(['x new']);
    expect(rows[0]?.key).toMatch(/^[0-9a-f]{16}$/);
  });
});
