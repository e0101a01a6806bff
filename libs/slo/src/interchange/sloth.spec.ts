import { describe, expect, it } from 'vitest';
import { SloError } from '../slo.errors';
import { importSloth } from './sloth';

// Shaped like Sloth's getting-started example (sloth.dev), written for this test.
const SPEC = `
version: "prometheus/v1"
service: "myservice"
labels:
  owner: "myteam"
  tier: "2"
slos:
  - name: "requests-availability"
    objective: 99.9
    description: "Common SLO based on availability for HTTP request responses."
    sli:
      events:
        error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
    alerting:
      name: MyServiceHighErrorRate
      labels:
        category: "availability"
      annotations:
        summary: "High error rate on 'myservice' requests responses"
      page_alert:
        labels:
          routing_key: myteam
      ticket_alert:
        disable: true
  - name: "latency-by-route"
    objective: 99
    sli:
      events:
        error_query: sum by (route) (rate(http_request_duration_seconds_count{job="myservice",code="500"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}])) by (route)
`;

function problems(text: string): { path: string; message: string }[] {
  try {
    importSloth(text);
  } catch (error) {
    if (error instanceof SloError) return [...error.errors];
    throw error;
  }
  return [];
}

describe('Sloth import', () => {
  it('maps error and total queries to a bad/total ratio SLI, the objective, 30 days and the page pairs', () => {
    const [availability, byRoute] = importSloth(SPEC).slos;
    expect(availability).toEqual({
      name: 'requests-availability',
      description: 'Common SLO based on availability for HTTP request responses.',
      service: 'myservice',
      objective: 99.9,
      window: { kind: 'rolling', days: 30 },
      sli: {
        kind: 'ratio',
        bad: { name: 'http_request_duration_seconds_count', matchers: [{ label: 'job', op: '=', value: 'myservice' }, { label: 'code', op: '=~', value: '(5..|429)' }] },
        total: { name: 'http_request_duration_seconds_count', matchers: [{ label: 'job', op: '=', value: 'myservice' }] },
        groupBy: [],
      },
      alerting: {
        enabled: true,
        burnRates: [
          { severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4 },
          { severity: 'critical', longWindowSeconds: 21600, shortWindowSeconds: 1800, burnRate: 6 },
        ],
        minEvents: 10,
        budgetWarningPercent: 25,
        budgetExhausted: true,
        labels: { owner: 'myteam', tier: '2', category: 'availability' },
        annotations: { summary: "High error rate on 'myservice' requests responses" },
      },
    });
    expect(byRoute?.sli).toMatchObject({ kind: 'ratio', groupBy: ['route'] });
    expect(byRoute?.alerting.burnRates).toHaveLength(4);
  });

  it('refuses other PromQL shapes, naming the expression, the path and what is supported', () => {
    const found = problems(SPEC.replace('error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))', 'error_query: sum(rate(a[{{.window}}])) - sum(rate(b[{{.window}}]))'));
    expect(found).toEqual([
      {
        path: 'spec.slos[0].sli.events.error_query',
        message:
          'the query `sum(rate(a[{{.window}}])) - sum(rate(b[{{.window}}]))` is not supported: it is a binary operation, not a sum. Vigil reads sum(rate(<metric>{<label matchers>}[<range>])), optionally with `by (<labels>)` (`increase` may stand for `rate`)',
      },
    ]);
  });

  it('refuses raw and plugin SLIs, mismatched groupings and bad objectives', () => {
    expect(problems('version: prometheus/v1\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli:\n      raw:\n        error_ratio_query: x')).toEqual([
      { path: 'spec.slos[0].sli.raw', message: 'error-ratio queries are not supported: Vigil needs event counts (sli.events with error_query and total_query)' },
    ]);
    expect(problems('version: prometheus/v1\nslos:\n  - name: a\n    objective: 99\n    sli:\n      plugin:\n        id: x')[0]?.path).toBe('spec.slos[0].sli.plugin');
    expect(problems('version: prometheus/v1\nslos:\n  - name: a\n    objective: 99\n    sli:\n      events:\n        error_query: sum by (a) (rate(x[5m]))\n        total_query: sum(rate(x[5m]))')).toEqual([
      { path: 'spec.slos[0].sli.events.total_query', message: 'both queries must group by the same labels (`by (a)` and `by ()`)' },
    ]);
    expect(problems('version: prometheus/v1\nslos:\n  - name: a\n    objective: 100\n    sli:\n      events:\n        error_query: sum(rate(x[5m]))\n        total_query: sum(rate(x[5m]))')).toEqual([
      { path: 'spec.slos[0].objective', message: 'must be below 100 %' },
    ]);
    expect(problems('version: sloth/v1\nslos: []')).toEqual([{ path: 'spec.version', message: 'must be prometheus/v1 (a Sloth spec)' }]);
  });
});
