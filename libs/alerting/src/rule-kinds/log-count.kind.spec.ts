import { describe, expect, it } from 'vitest';
import { logCountKind, logGroupLabelName, logGroupLabels } from './log-count.kind';
import type { LogGroupResult, RuleData } from './rule-kind';

const NOW = 1_764_000_000_000;
const line = (n: number) => ({ timestamp: NOW - n, service: 'api', severity: 'error', body: `boom ${n}` });
const data = (groups: LogGroupResult[]): RuleData => new Map([['logs', { type: 'logs', groups }]]);

describe('log_count', () => {
  const spec = logCountKind.parseSpec({ search: { q: 'timeout', severity: ['error'] }, comparator: '>', warning: 10, critical: 100 });

  it('asks for the search counted per group over the window, with 5 evidence lines', () => {
    expect(logCountKind.dataRequests(spec, { now: NOW, intervalSeconds: 60 })).toEqual([
      { type: 'logs', id: 'logs', search: { q: 'timeout', service: [], severity: ['error'], attr: [] }, groupBy: 'service', from: NOW - 300_000, to: NOW - 1, evidenceLimit: 5 },
    ]);
  });

  it('counts per group and keeps the first 5 lines as evidence', () => {
    const lines = [1, 2, 3, 4, 5, 6, 7].map(line);
    const result = logCountKind.observe(spec, data([{ value: 'api', count: 42, lines }, { value: 'web', count: 3, lines: [line(9)] }]), { now: NOW, intervalSeconds: 60, knownGroups: [] });
    expect(result).toEqual([
      { labels: { service: 'api' }, value: 42, evidence: { value: 42, lines: lines.slice(0, 5), threshold: null, comparator: '>', from: NOW - 300_000, to: NOW } },
      { labels: { service: 'web' }, value: 3, evidence: { value: 3, lines: [line(9)], threshold: null, comparator: '>', from: NOW - 300_000, to: NOW } },
    ]);
  });

  it('observes a known group without records as 0 (a count always has a value)', () => {
    const result = logCountKind.observe(spec, data([]), { now: NOW, intervalSeconds: 60, knownGroups: [{ service: 'api' }] });
    expect(result.map((o) => [o.labels, o.value, o.evidence.lines])).toEqual([[{ service: 'api' }, 0, []]]);
  });

  it('has exactly one group with groupBy none, 0 when nothing matched', () => {
    const none = logCountKind.parseSpec({ search: {}, groupBy: 'none', comparator: '<', critical: 1 });
    expect(logCountKind.observe(none, data([]), { now: NOW, intervalSeconds: 60, knownGroups: [] }).map((o) => [o.labels, o.value])).toEqual([[{}, 0]]);
    expect(logCountKind.observe(none, data([{ value: null, count: 7, lines: [] }]), { now: NOW, intervalSeconds: 60, knownGroups: [] }).map((o) => [o.labels, o.value])).toEqual([[{}, 7]]);
  });

  it('names attribute groups like ingest names attributes, and merges records without the attribute', () => {
    expect(logGroupLabelName('attribute:http.route')).toBe('http_route');
    expect(logGroupLabelName('attribute:1st')).toBe('key_1st');
    expect(logGroupLabelName('attribute:__x')).toBe('key__x');
    expect(logGroupLabelName('none')).toBeUndefined();
    expect(logGroupLabels('attribute:http.route', '/pay')).toEqual({ http_route: '/pay' });
    const byRoute = logCountKind.parseSpec({ search: {}, groupBy: 'attribute:http.route', comparator: '>', critical: 1 });
    const result = logCountKind.observe(byRoute, data([{ value: '', count: 2, lines: [line(1)] }, { value: null, count: 3, lines: [line(2)] }]), { now: NOW, intervalSeconds: 60, knownGroups: [] });
    expect(result.map((o) => [o.labels, o.value, o.evidence.lines?.length])).toEqual([[{}, 5, 2]]);
  });
});
