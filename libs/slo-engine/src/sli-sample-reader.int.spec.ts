import type { MetricBatch } from '@vigil/ingest';
import { createTelemetryStore, migrateTelemetryStore, TelemetryBatchWriter, type TelemetryStore } from '@vigil/telemetry-store';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SliReading, SliSampleReader } from './sli-sample-reader';

const MINUTE = 60_000;
let dataDir: string;
let telemetry: TelemetryStore;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-sli-reader-'));
  telemetry = await createTelemetryStore({ database: 't_sli_reader', dataDir });
  await migrateTelemetryStore(telemetry);
});

afterAll(async () => {
  await telemetry?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** An OTLP export of two delta counters: each minute 10 jobs, 1 of them failed. */
function export10Minutes(from: number): MetricBatch {
  const points = Array.from({ length: 20 }, (_, i) => i);
  return {
    series: [
      { name: 'jobs_total', labels: { service: 'worker' } },
      { name: 'jobs_failed_total', labels: { service: 'worker' } },
    ],
    sampleSeries: Uint32Array.from(points, (i) => i % 2),
    sampleTimestamps: Float64Array.from(points, (i) => from + Math.floor(i / 2) * MINUTE + 30_000),
    sampleValues: Float64Array.from(points, (i) => (i % 2 === 0 ? 10 : 1)),
    sampleCount: points.length,
    metadata: ['jobs_total', 'jobs_failed_total'].map((name) => ({ name, type: 'counter', unit: '', help: '', temporality: 'delta' as const })),
    rejected: { count: 0, reasons: [] },
  };
}

describe('SLI sample reader', () => {
  it('counts a delta point stored twice (a retried OTLP export) once', async () => {
    const from = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
    const to = from + 10 * MINUTE;
    const writer = new TelemetryBatchWriter(telemetry.writer);
    const once = randomUUID();
    const twice = randomUUID();
    await writer.writeMetricBatch(once, export10Minutes(from), 400);
    await writer.writeMetricBatch(twice, export10Minutes(from), 400);
    await writer.writeMetricBatch(twice, export10Minutes(from), 400);
    const reading: SliReading = {
      sloId: 'jobs',
      revision: 1,
      sides: [
        { role: 'bad', metric: 'jobs_failed_total', matchers: [] },
        { role: 'total', metric: 'jobs_total', matchers: [] },
      ],
      groupBy: [],
    };
    const reader = new SliSampleReader(telemetry);
    const counted = async (project: string) => (await reader.count(project, [reading], from, to)).map(({ minute, good, valid }) => [minute, good, valid]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    const expected = Array.from({ length: 10 }, (_, i) => [from + i * MINUTE, 9, 10]);
    expect(await counted(once)).toEqual(expected);
    expect(await counted(twice)).toEqual(expected);
  });
});
