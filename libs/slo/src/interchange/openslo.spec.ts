import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sloRequestSchema, type SloRequestInput } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SloError } from '../slo.errors';
import { exportOpenSlo, importOpenSlo, renderYamlDocuments } from './openslo';

const example = (name: string) => readFileSync(join(__dirname, 'testdata', `openslo-${name}.yaml`), 'utf8');
const NOW = Date.parse('2026-05-20T10:00:00Z');

function problems(text: string): { path: string; message: string }[] {
  try {
    importOpenSlo(text);
  } catch (error) {
    if (error instanceof SloError) return [...error.errors];
    throw error;
  }
  return [];
}

const slos: SloRequestInput[] = [
  {
    name: 'Checkout availability',
    description: 'Requests that are not 5xx',
    service: 'checkout',
    sli: { kind: 'ratio', bad: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: 'checkout' }, { label: 'code', op: '=~', value: '5..' }] }, total: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: 'checkout' }] } },
    objective: 99.9,
    window: { kind: 'rolling', days: 28 },
  },
  {
    name: 'Search latency',
    sli: { kind: 'latency', histogram: 'http_server_request_duration_seconds', matchers: [{ label: 'http_route', op: '=', value: '/search' }], threshold: 0.25, groupBy: ['service'] },
    objective: 99,
    window: { kind: 'calendar', unit: 'quarter', timeZone: 'Europe/Berlin' },
    alerting: { minEvents: 100, budgetWarningPercent: null, burnRates: [{ severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 20 }], labels: { team: 'search' } },
  },
  {
    name: 'Good orders',
    sli: { kind: 'ratio', good: { name: 'orders_total', matchers: [{ label: 'outcome', op: '=', value: 'ok' }] }, total: { name: 'orders_total' }, groupBy: [] },
    objective: 99.5,
    window: { kind: 'rolling', days: 7 },
  },
  {
    name: 'Shop health minutes up',
    sli: { kind: 'check_uptime', checkId: '0b0f1c9e-8a51-4c3a-9d39-5b7a4a1b2c3d', degraded: 'bad' },
    objective: 99.95,
    window: { kind: 'calendar', unit: 'month', timeZone: 'UTC' },
  },
  {
    name: 'Shop health probes',
    sli: { kind: 'check_probes', checkId: '0b0f1c9e-8a51-4c3a-9d39-5b7a4a1b2c3d' },
    objective: 99,
    window: { kind: 'rolling', days: 30 },
  },
];

describe('OpenSLO v1', () => {
  it.each(slos.map((slo) => [slo.name, slo] as const))('round-trips %s: export, then import, gives the same SLO', (_name, input) => {
    const slo = sloRequestSchema.parse(input);
    const text = renderYamlDocuments([exportOpenSlo(slo, NOW)]);
    expect(importOpenSlo(text).slos).toEqual([slo]);
  });

  it('writes a check SLI as VigilCheck sources, and names what is wrong in one', () => {
    const doc = parse(renderYamlDocuments([exportOpenSlo(sloRequestSchema.parse(slos[3]), NOW)]));
    const source = { metricSource: { type: 'VigilCheck', spec: { checkId: '0b0f1c9e-8a51-4c3a-9d39-5b7a4a1b2c3d', indicator: 'minutes-up', degraded: 'bad' } } };
    expect(doc.spec.indicator.spec.ratioMetric).toEqual({ counter: true, good: source, total: source });
    doc.spec.indicator.spec.ratioMetric.good.metricSource.spec.indicator = 'pings';
    doc.spec.indicator.spec.ratioMetric.total.metricSource.spec.indicator = 'pings';
    expect(problems(renderYamlDocuments([doc]))).toEqual([{ path: 'document.spec.indicator.spec.ratioMetric.good.metricSource.spec.indicator', message: 'pings: one of probes, minutes-up' }]);
    doc.spec.indicator.spec.ratioMetric.total.metricSource.spec.checkId = 'other';
    expect(problems(renderYamlDocuments([doc]))[0]?.path).toBe('document.spec.indicator.spec.ratioMetric.total.metricSource.spec');
  });

  it('exports Prometheus queries and an Occurrences budget', () => {
    const doc = parse(renderYamlDocuments([exportOpenSlo(sloRequestSchema.parse(slos[1]), NOW)]));
    expect(doc.spec.indicator.spec.ratioMetric).toEqual({
      counter: true,
      good: { metricSource: { type: 'Prometheus', spec: { query: 'sum by (service)(rate(http_server_request_duration_seconds_bucket{http_route="/search",le="0.25"}[5m]))' } } },
      total: { metricSource: { type: 'Prometheus', spec: { query: 'sum by (service)(rate(http_server_request_duration_seconds_bucket{http_route="/search",le="+Inf"}[5m]))' } } },
    });
    expect(doc.spec.timeWindow).toEqual([{ duration: '1Q', isRolling: false, calendar: { startTime: '2026-04-01 00:00:00', timeZone: 'Europe/Berlin' } }]);
    expect(doc.spec.budgetingMethod).toBe('Occurrences');
    expect(doc.spec.objectives).toEqual([{ displayName: 'Search latency', target: 0.99 }]);
  });

  it('exports several SLOs as one multi-document text that imports back', () => {
    const parsed = slos.map((slo) => sloRequestSchema.parse(slo));
    const text = renderYamlDocuments(parsed.map((slo) => exportOpenSlo(slo, NOW)));
    expect(text.match(/^---$/gm)).toHaveLength(slos.length - 1);
    expect(importOpenSlo(text).slos).toEqual(parsed);
  });

  // The specification's own examples (testdata/README.md): what Vigil cannot honour is refused by name.
  it('refuses the spec example with a threshold metric', () => {
    expect(problems(example('occurences-slo'))).toEqual([
      { path: 'document.spec.indicator.spec.thresholdMetric', message: 'threshold metrics are not supported: write the SLI as a ratioMetric of good (or bad) and total events' },
    ]);
  });

  it.each(['ratio-timeslices', 'timeslices-slo', 'low-traffic-timeslices-slo'])('refuses the spec example %s: time slices, and its placeholder metric sources', (name) => {
    const found = problems(example(name));
    expect(found[0]?.path).toBe('document.spec.budgetingMethod');
    expect(found[0]?.message).toMatch(/Vigil counts events \(Occurrences\); Timeslices and RatioTimeslices are not supported/);
    expect(found.some((p) => p.path === 'document.spec.indicator.spec.ratioMetric.good.metricSource.type' && p.message.startsWith('Any: Vigil reads its own telemetry'))).toBe(true);
  });

  it('refuses the README example: its source is a Datadog query', () => {
    expect(problems(example('readme-inline-sli'))).toEqual([
      { path: 'document.spec.budgetingMethod', message: 'is required: Occurrences (Vigil counts events)' },
      { path: 'document.spec.indicator.spec.ratioMetric.good.metricSource.type', message: 'Datadog: Vigil reads its own telemetry through Prometheus queries; use type Prometheus with spec.query' },
      { path: 'document.spec.indicator.spec.ratioMetric.total.metricSource.type', message: 'Datadog: Vigil reads its own telemetry through Prometheus queries; use type Prometheus with spec.query' },
      { path: 'document.spec.timeWindow', message: 'exactly one time window is required' },
    ]);
  });

  it('imports the spec examples once their sources are Prometheus queries and the budget counts events', () => {
    const adapted = example('ratio-timeslices')
      .replace('RatioTimeslices', 'Occurrences')
      .replace(/type: Any[^\n]*\n(\s+)spec:[^\n]*\n\s+query: Any[^\n]*/, 'type: Prometheus\n$1spec:\n$1  query: sum(rate(http_requests_total{page="main",code=~"2.."}[5m]))')
      .replace(/type: Any[^\n]*\n(\s+)spec:[^\n]*\n\s+query: Any[^\n]*/, 'type: Prometheus\n$1spec:\n$1  query: sum(rate(http_requests_total{page="main"}[5m]))');
    const [slo] = importOpenSlo(adapted).slos;
    expect(slo).toMatchObject({
      name: 'Main page availability',
      service: 'web-shop',
      description: 'Our main page should be available always',
      objective: 99,
      window: { kind: 'rolling', days: 14 },
      sli: { kind: 'ratio', good: { name: 'http_requests_total', matchers: [{ label: 'page', op: '=', value: 'main' }, { label: 'code', op: '=~', value: '2..' }] }, total: { name: 'http_requests_total', matchers: [{ label: 'page', op: '=', value: 'main' }] } },
    });
  });

  it('resolves an indicatorRef to a kind: SLI document of the same text, and names a missing one', () => {
    const sli = ['apiVersion: openslo/v1', 'kind: SLI', 'metadata: {name: errors}', 'spec:', '  ratioMetric:', '    bad: {metricSource: {type: Prometheus, spec: {query: "sum(rate(x{code=\\"500\\"}[5m]))"}}}', '    total: {metricSource: {type: prometheus, spec: {query: "sum(rate(x[5m]))"}}}'].join('\n');
    const slo = ['apiVersion: openslo/v1', 'kind: SLO', 'metadata: {name: api}', 'spec:', '  indicatorRef: errors', '  timeWindow: [{duration: 30d, isRolling: true}]', '  budgetingMethod: Occurrences', '  objectives: [{targetPercent: 99.95}]'].join('\n');
    expect(importOpenSlo(`${sli}\n---\n${slo}`).slos[0]).toMatchObject({ name: 'api', objective: 99.95, sli: { kind: 'ratio', bad: { name: 'x' } } });
    expect(problems(slo)).toEqual([{ path: 'document.spec.indicatorRef', message: 'names the SLI "errors", which this text does not define (add its kind: SLI document)' }]);
  });

  it('names YAML errors, wrong versions and unsupported windows and objectives', () => {
    expect(problems('a: [1, 2')[0]?.message).toMatch(/^not valid YAML \(line \d+\)/);
    expect(problems('apiVersion: openslo/v2\nkind: SLO')).toEqual([{ path: 'document.apiVersion', message: 'must be openslo/v1' }]);
    const doc = (window: string, objectives: string) =>
      ['apiVersion: openslo/v1', 'kind: SLO', 'metadata: {name: a}', 'spec:', '  budgetingMethod: Occurrences', `  timeWindow: ${window}`, `  objectives: ${objectives}`, '  indicator:', '    spec:', '      ratioMetric:', '        good: {metricSource: {type: Prometheus, spec: {query: "sum(rate(x[5m]))"}}}', '        total: {metricSource: {type: Prometheus, spec: {query: "sum(rate(y[5m]))"}}}'].join('\n');
    expect(problems(doc('[{duration: 12h, isRolling: true}]', '[{target: 0.99}]'))).toEqual([{ path: 'document.spec.timeWindow[0].duration', message: '12h: rolling windows are whole days or weeks, 1 to 90 days' }]);
    expect(problems(doc('[{duration: 1Y, calendar: {startTime: "2020-01-01 00:00:00", timeZone: UTC}}]', '[{target: 0.99}]'))).toEqual([{ path: 'document.spec.timeWindow[0].duration', message: '1Y: calendar windows are a month (1M) or a quarter (1Q)' }]);
    expect(problems(doc('[{duration: 4w}]', '[{target: 0.99}, {target: 0.9}]'))).toEqual([{ path: 'document.spec.objectives', message: 'exactly one objective is supported (write one SLO per objective)' }]);
    expect(problems(doc('[{duration: 4w}]', '[{target: 1.5}]'))).toEqual([{ path: 'document (as a Vigil SLO: objective)', message: 'must be below 100 %' }]);
    expect(importOpenSlo(doc('[{duration: 1M, calendar: {startTime: "2020-01-01 00:00:00", timeZone: Asia/Tokyo}}]', '[{target: 0.99}]')).slos[0]?.window).toEqual({ kind: 'calendar', unit: 'month', timeZone: 'Asia/Tokyo' });
  });
});
