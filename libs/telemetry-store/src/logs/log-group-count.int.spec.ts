import { parseLogAttributeFilter, parseLogSearchText, type LogAttributeFilter } from '@vigil/contracts';
import type { LogRecord } from '@vigil/ingest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLogBatch, makeLogRecord } from '../batch.fixtures';
import { runInLane } from '../lanes/lane-context';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { TelemetryQueryError } from '../telemetry.errors';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { TelemetryBatchWriter } from '../writer/telemetry-batch.writer';
import { LogRepository } from './log.repository';

const DATABASE = 't_log_group_count';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const WINDOW = { from: T0 - 5 * MINUTE, to: T0 };

let dataDir: string;
let store: TelemetryStore;
let logs: LogRepository;
let writer: TelemetryBatchWriter;
let projectCounter = 0;
const newProject = (): string => `00000000-0000-4000-8000-${String(++projectCounter).padStart(12, '0')}`;
const line = (offsetMs: number, overrides: Partial<LogRecord> = {}): LogRecord => makeLogRecord({ timestampMs: T0 - offsetMs, observedTimestampMs: T0, ...overrides });
const attrs = (text: string): LogAttributeFilter[] => [parseLogAttributeFilter(text) as LogAttributeFilter];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-log-group-count-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  logs = new LogRepository(store);
  writer = new TelemetryBatchWriter(store.writer);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('LogRepository.countByGroup', () => {
  it('counts matching lines per service with the newest lines first as evidence', async () => {
    const project = newProject();
    await writer.writeLogBatch(
      project,
      makeLogBatch([
        line(1_000, { service: 'api', body: 'timeout calling db', severityNumber: 17, severityText: 'ERROR' }),
        line(2_000, { service: 'api', body: 'Timeout again', severityNumber: 17, severityText: 'ERROR' }),
        line(3_000, { service: 'api', body: 'timeout third', severityNumber: 13, severityText: 'WARN' }),
        line(60_000, { service: 'web', body: 'upstream timeout', severityNumber: 17, severityText: '' as never }),
        line(10_000, { service: 'web', body: 'all fine' }),
        line(10 * MINUTE, { service: 'api', body: 'timeout before the window' }),
      ]),
      7,
    );
    const groups = await runInLane('evaluation', () => logs.countByGroup(project, { ...WINDOW, text: parseLogSearchText('timeout'), groupBy: 'service', evidence: 2 }));
    expect(groups).toEqual([
      {
        labels: { service: 'api' },
        count: 3,
        lines: [
          { timestamp: T0 - 1_000, service: 'api', severity: 'ERROR', body: 'timeout calling db' },
          { timestamp: T0 - 2_000, service: 'api', severity: 'ERROR', body: 'Timeout again' },
        ],
      },
      { labels: { service: 'web' }, count: 1, lines: [{ timestamp: T0 - 60_000, service: 'web', severity: 'error', body: 'upstream timeout' }] },
    ]);
    expect(store.lanes.stats().evaluation.completed).toBeGreaterThanOrEqual(1);

    const severe = await logs.countByGroup(project, { ...WINDOW, text: parseLogSearchText('timeout'), severities: ['error'], groupBy: 'none', evidence: 0 });
    expect(severe).toEqual([{ labels: {}, count: 3, lines: [] }]);
    expect(await logs.countByGroup(project, { ...WINDOW, text: parseLogSearchText('nothing-like-this'), groupBy: 'none' })).toEqual([{ labels: {}, count: 0, lines: [] }]);
    expect(await logs.countByGroup(project, { ...WINDOW, text: parseLogSearchText('nothing-like-this'), groupBy: 'service' })).toEqual([]);
  });

  it("groups by an attribute (missing reads as ''), filters on attributes and cuts long bodies", async () => {
    const project = newProject();
    const long = `${'é'.repeat(999)}xyz`;
    await writer.writeLogBatch(
      project,
      makeLogBatch([
        line(1_000, { body: 'GET a', attributes: { 'http.route': '/a', region: 'eu' } }),
        line(2_000, { body: 'GET a again', attributes: { 'http.route': '/a', region: 'us' } }),
        line(3_000, { body: 'GET b', attributes: { 'http.route': '/b', region: 'eu' } }),
        line(4_000, { body: long, attributes: { region: 'eu' } }),
      ]),
      7,
    );
    const byRoute = await logs.countByGroup(project, { ...WINDOW, groupBy: 'attribute:http.route', evidence: 1 });
    expect(byRoute.map((group) => [group.labels, group.count, group.lines.map((one) => one.body)])).toEqual([
      [{ 'http.route': '' }, 1, ['é'.repeat(999) + 'x']],
      [{ 'http.route': '/a' }, 2, ['GET a']],
      [{ 'http.route': '/b' }, 1, ['GET b']],
    ]);
    const euOnly = await logs.countByGroup(project, { ...WINDOW, attributes: attrs('region=eu'), groupBy: 'attribute:http.route' });
    expect(euOnly.map((group) => [group.labels['http.route'], group.count])).toEqual([
      ['', 1],
      ['/a', 1],
      ['/b', 1],
    ]);
  });

  it('refuses more groups than the limit, naming it', async () => {
    const project = newProject();
    await writer.writeLogBatch(project, makeLogBatch(Array.from({ length: 12 }, (_, index) => line(index * 1_000, { service: `svc-${index}` }))), 7);
    const error = await logs.countByGroup(project, { ...WINDOW, groupBy: 'service', maxGroups: 10 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TelemetryQueryError);
    expect((error as TelemetryQueryError).reason).toBe('TOO_MANY_GROUPS');
    expect((error as Error).message).toMatch(/more than 10 groups/);
    expect(await logs.countByGroup(project, { ...WINDOW, groupBy: 'service', maxGroups: 12 })).toHaveLength(12);
  });

  it('gives the same counts and evidence when a long scanning window runs in slices', async () => {
    const project = newProject();
    // A day of lines every minute; the phrase (scanning: hourly slices at first) matches exactly
    // the lines the two plain words do (one query for the day).
    const records = Array.from({ length: 24 * 60 }, (_, index) => line(index * MINUTE, { service: `svc-${index % 3}`, body: index % 4 === 0 ? `disk full on node ${index}` : `disk ${index}` }));
    await writer.writeLogBatch(project, makeLogBatch(records), 7);
    const day = { from: T0 - 24 * HOUR + 1, to: T0 };
    const before = store.lanes.stats().interactive.completed;
    const sliced = await logs.countByGroup(project, { ...day, text: parseLogSearchText('"disk full"'), groupBy: 'service', evidence: 3 });
    expect(store.lanes.stats().interactive.completed - before).toBeGreaterThan(1);
    const middle = store.lanes.stats().interactive.completed;
    const single = await logs.countByGroup(project, { ...day, text: parseLogSearchText('disk full'), groupBy: 'service', evidence: 3 });
    expect(store.lanes.stats().interactive.completed - middle).toBe(1);
    expect(sliced).toEqual(single);
    expect(sliced.map((group) => group.count)).toEqual([120, 120, 120]);
    expect(sliced[0]?.lines.map((one) => one.body)).toEqual(['disk full on node 0', 'disk full on node 12', 'disk full on node 24']);
  });
});
