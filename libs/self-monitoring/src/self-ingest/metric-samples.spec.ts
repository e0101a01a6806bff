import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { type ExportedFamily, selfSamples } from './metric-samples';

const IDENTITY = { service: 'vigil', instance: 'h:1', component: 'api' };

async function families(registry: Registry): Promise<ExportedFamily[]> {
  return (await registry.getMetricsAsJSON()) as unknown as ExportedFamily[];
}

describe('selfSamples', () => {
  it('turns families into samples with the identity labels, and metadata with type and temporality', async () => {
    const registry = new Registry();
    new Counter({ name: 'jobs_total', help: 'Jobs.', labelNames: ['queue', 'service'], registers: [registry] }).inc({ queue: 'a', service: 'overridden' }, 2);
    new Gauge({ name: 'depth', help: 'Depth.', registers: [registry] }).set(NaN);
    new Histogram({ name: 'wait_seconds', help: 'Wait.', buckets: [0.005, 1], registers: [registry] }).observe(0.5);
    const { samples, metadata } = selfSamples(await families(registry), IDENTITY, 1_000, { known: new Set(), since: 1_000 });
    expect(samples.map((sample) => [sample.name, sample.labels, sample.value, sample.timestamp])).toEqual([
      ['jobs_total', { queue: 'a', ...IDENTITY }, 2, 1_000],
      ['wait_seconds_bucket', { le: '0.005', ...IDENTITY }, 0, 1_000],
      ['wait_seconds_bucket', { le: '1', ...IDENTITY }, 1, 1_000],
      ['wait_seconds_bucket', { le: '+Inf', ...IDENTITY }, 1, 1_000],
      ['wait_seconds_sum', IDENTITY, 0.5, 1_000],
      ['wait_seconds_count', IDENTITY, 1, 1_000],
    ]);
    expect(metadata).toEqual([
      { name: 'jobs_total', type: 'counter', unit: '', help: 'Jobs.', temporality: 'cumulative' },
      { name: 'depth', type: 'gauge', unit: '', help: 'Depth.', temporality: 'none' },
      { name: 'wait_seconds', type: 'histogram', unit: '', help: 'Wait.', temporality: 'cumulative' },
    ]);
  });

  it('starts a cumulative series it has not written before at 0, at the last collection', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'answers_total', help: 'Answers.', labelNames: ['code'], registers: [registry] });
    new Gauge({ name: 'open', help: 'Open.', registers: [registry] }).set(3);
    counter.inc({ code: '200' }, 5);
    const first = selfSamples(await families(registry), IDENTITY, 2_000, { known: new Set(), since: 500 });
    expect(first.samples.filter((sample) => sample.name === 'answers_total').map((sample) => [sample.value, sample.timestamp])).toEqual([
      [0, 500],
      [5, 2_000],
    ]);
    // A gauge's past is unknown: no made-up start.
    expect(first.samples.filter((sample) => sample.name === 'open')).toHaveLength(1);
    counter.inc({ code: '503' });
    const second = selfSamples(await families(registry), IDENTITY, 3_000, { known: first.cumulative, since: 2_000 });
    expect(second.samples.filter((sample) => sample.name === 'answers_total').map((sample) => [sample.labels['code'], sample.value, sample.timestamp])).toEqual([
      ['200', 5, 3_000],
      ['503', 0, 2_000],
      ['503', 1, 3_000],
    ]);
  });
});
