import type { MetricMetadata } from '@vigil/ingest';
import { describe, expect, it } from 'vitest';
import { makeLogBatch, makeLogRecord, makeMetricBatch } from '../batch.fixtures';
import { encodeLogBatch } from '../logs/log-batch.encoder';
import { seriesFingerprint } from '../series-fingerprint';
import { type EncodedTable, joinTables } from '../writer/batch-columns';
import type { EncodedBatch } from '../writer/encoded-batch';
import { columnsToTabSeparated } from '../writer/tabseparated-columns';
import { SeriesCache } from './series-cache';
import { MetricBatchEncoder } from './metric-batch.encoder';

const PROJECT = '00000000-0000-4000-8000-000000000001';
const T0 = Date.UTC(2026, 0, 15, 12); // 1768478400000
const NOW = T0 + 5_000;

/** Each table's rows as the server transport's TabSeparated text ('' when the table has none). */
const text = (encoded: EncodedBatch, index: number): string => {
  const table = encoded.tables[index] as EncodedTable;
  return table.rows === 0 ? '' : columnsToTabSeparated(joinTables([{ table, projectId: encoded.projectId, retentionDays: encoded.retentionDays }])).toString();
};
const tables = (encoded: EncodedBatch) => Object.fromEntries(encoded.tables.map((table, index) => [table.schema.table, text(encoded, index)]));

describe('MetricBatchEncoder', () => {
  it('writes series, metadata and sample lines straight from the typed arrays', () => {
    const encoder = new MetricBatchEncoder({ now: () => NOW });
    const batch = makeMetricBatch(
      [
        { name: 'req_total', labels: { route: '/a\tb', "o'k": 'v' } },
        { name: 'unused', labels: {} },
        { name: 'up', labels: {} },
      ],
      [
        [0, T0 + 7, 1.5],
        [2, T0, Number.NaN],
        [0, T0 + 1_000, -0],
        [0, T0 - 3_600_000, 1e-300],
      ],
      [{ name: 'req_total', type: 'counter', unit: 'requests', help: 'All\nrequests', temporality: 'cumulative' }],
    );
    const encoded = encoder.encode(PROJECT, batch, 30);
    const fp = seriesFingerprint('req_total', { route: '/a\tb', "o'k": 'v' });
    const up = seriesFingerprint('up', {});
    expect(encoded.tables.map((table) => table.schema.table)).toEqual(['metric_series', 'metric_metadata', 'metric_samples']);
    expect(tables(encoded)).toEqual({
      metric_series:
        `${PROJECT}\treq_total\t${fp}\t{'route':'/a\\tb','o\\'k':'v'}\t1768474800\t1768478401\n` + `${PROJECT}\tup\t${up}\t{}\t1768478400\t1768478400\n`,
      metric_metadata: `${PROJECT}\treq_total\tcounter\trequests\tAll\\nrequests\tcumulative\t1768478405\n`,
      metric_samples:
        `${PROJECT}\treq_total\t${fp}\t1768478400.007\t1.5\t30\n` +
        `${PROJECT}\tup\t${up}\t1768478400.000\tnan\t30\n` +
        `${PROJECT}\treq_total\t${fp}\t1768478401.000\t-0\t30\n` +
        `${PROJECT}\treq_total\t${fp}\t1768474800.000\t1e-300\t30\n`,
    });
    expect(encoded).toMatchObject({ rows: 7, items: 4 });
  });

  it('skips series and metadata this process stored lately, once the write succeeded', () => {
    let now = NOW;
    const encoder = new MetricBatchEncoder({ now: () => now });
    const upMetadata: MetricMetadata = { name: 'up', type: 'gauge', unit: '', help: 'h', temporality: 'none' };
    const batch = (timestamp: number) => makeMetricBatch([{ name: 'up', labels: { a: '1' } }], [[0, timestamp, 1]], [upMetadata]);
    const first = encoder.encode(PROJECT, batch(T0), 30);
    // Not yet stored: a second batch still carries the series.
    expect(tables(encoder.encode(PROJECT, batch(T0), 30)).metric_series).not.toBe('');
    first.onWritten();
    expect(tables(encoder.encode(PROJECT, batch(T0 + 60_000), 30))).toMatchObject({ metric_series: '', metric_metadata: '' });
    // A sample in a later hour, or earlier than the first, refreshes the series row.
    expect(tables(encoder.encode(PROJECT, batch(T0 + 3_600_000), 30)).metric_series).not.toBe('');
    expect(tables(encoder.encode(PROJECT, batch(T0 - 1), 30)).metric_series).not.toBe('');
    // Changed help text, or an hour later, rewrites metadata.
    expect(tables(encoder.encode(PROJECT, makeMetricBatch([{ name: 'up', labels: { a: '1' } }], [[0, T0, 1]], [{ ...upMetadata, help: 'new' }]), 30)).metric_metadata).toMatch(/\tnew\t/);
    now += 3_600_000;
    expect(tables(encoder.encode(PROJECT, batch(T0), 30)).metric_metadata).not.toBe('');
    // Another project is another series.
    expect(tables(encoder.encode('00000000-0000-4000-8000-000000000002', batch(T0), 30)).metric_series).not.toBe('');
  });

  it('keeps each project\'s written series apart when batches of two projects alternate', () => {
    const encoder = new MetricBatchEncoder({ now: () => NOW });
    const other = '00000000-0000-4000-8000-000000000002';
    const batch = (timestamp: number) => makeMetricBatch([{ name: 'up', labels: { a: '1' } }], [[0, timestamp, 1]]);
    encoder.encode(PROJECT, batch(T0), 30).onWritten();
    expect(tables(encoder.encode(other, batch(T0), 30)).metric_series).not.toBe('');
    expect(tables(encoder.encode(PROJECT, batch(T0), 30)).metric_series).toBe('');
    encoder.encode(other, batch(T0), 30).onWritten();
    expect(tables(encoder.encode(PROJECT, batch(T0 + 1), 30)).metric_series).toBe('');
    expect(tables(encoder.encode(other, batch(T0 + 1), 30)).metric_series).toBe('');
    // Past the cache's bound it starts over: every project's series are written again.
    const small = new MetricBatchEncoder({ now: () => NOW, seriesCache: new SeriesCache(1) });
    small.encode(PROJECT, batch(T0), 30).onWritten();
    small.encode(other, batch(T0), 30).onWritten();
    expect(tables(small.encode(PROJECT, batch(T0), 30)).metric_series).not.toBe('');
    expect(tables(small.encode(other, batch(T0), 30)).metric_series).toBe('');
  });

  it('refuses values ClickHouse would refuse, naming them', () => {
    const encoder = new MetricBatchEncoder();
    const ok = makeMetricBatch([{ name: 'up', labels: {} }], [[0, T0, 1]]);
    expect(() => encoder.encode('x', ok, 30)).toThrow(/project id must be a UUID/);
    expect(() => encoder.encode(PROJECT, ok, 70_000)).toThrow(/retention/);
    expect(() => encoder.encode(PROJECT, makeMetricBatch([{ name: 'up', labels: {} }], [[0, -1, 1]]), 30)).toThrow(/timestamp out of range/);
    expect(() => encoder.encode(PROJECT, makeMetricBatch([{ name: 'up', labels: {} }], [[3, T0, 1]]), 30)).toThrow(/refers to series 3/);
    expect(() => encoder.encode(PROJECT, { ...ok, sampleCount: 2 }, 30)).toThrow(/exceeds the sample arrays/);
  });
});

describe('encodeLogBatch', () => {
  it('writes one escaped line per record', () => {
    const record = makeLogRecord({
      body: 'line1\nline2\t\\',
      attributes: { 'http.route': "/o'k" },
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      severityNumber: 17,
      severityText: 'ERROR',
    });
    const encoded = encodeLogBatch(PROJECT, makeLogBatch([record]), 7);
    expect(text(encoded, 0)).toBe(
      `${PROJECT}\t1768478400.000\t1768478401.000\t17\tERROR\tcheckout\tline1\\nline2\\t\\\\\t{'http.route':'/o\\'k'}\t{'service.name':'checkout'}\t0af7651916cd43dd8448eb211c80319c\tb7ad6b7169203331\t7\n`,
    );
    expect(() => encodeLogBatch(PROJECT, makeLogBatch([makeLogRecord({ severityNumber: 300 })]), 7)).toThrow(/severity/);
  });
});
