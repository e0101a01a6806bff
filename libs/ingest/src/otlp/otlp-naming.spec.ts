import { describe, expect, it } from 'vitest';
import { formatBound, prometheusMetricName, sanitizeLabelName, sanitizeMetricName, unitSuffix } from './otlp-naming';

describe('OTLP → Prometheus naming', () => {
  it.each([
    ['http.server.duration', 'http_server_duration'],
    ['a..b--c', 'a_b_c'],
    ['_x_', 'x'],
    ['2xx.count', '_2xx_count'],
    ['ns:metric', 'ns:metric'],
    ['ü', '_'],
  ])('sanitizes metric name %s → %s', (name, expected) => expect(sanitizeMetricName(name)).toBe(expected));

  it.each([
    ['deployment.environment', 'deployment_environment'],
    ['1st', 'key_1st'],
    ['__x', 'key__x'],
    ['__proto__', 'key__proto__'],
    ['_private', '_private'],
  ])('sanitizes label name %s → %s', (name, expected) => expect(sanitizeLabelName(name)).toBe(expected));

  it.each([
    ['s', 'seconds'],
    ['ms', 'milliseconds'],
    ['By', 'bytes'],
    ['KiBy', 'kibibytes'],
    ['1', ''],
    ['{request}', ''],
    ['{packet}/s', 'per_second'],
    ['By/s', 'bytes_per_second'],
    ['1/s', 'per_second'],
    ['m/h', 'meters_per_hour'],
    ['requests', 'requests'],
    ['%', 'percent'],
  ])('maps unit %s → %s', (unit, expected) => expect(unitSuffix(unit)).toBe(expected));

  it('appends unit, _ratio and _total by the rules', () => {
    expect(prometheusMetricName({ name: 'http.server.duration', unit: 's', counter: false, gauge: false })).toBe('http_server_duration_seconds');
    expect(prometheusMetricName({ name: 'request_duration_seconds', unit: 's', counter: false, gauge: false })).toBe('request_duration_seconds');
    expect(prometheusMetricName({ name: 'cpu.utilization', unit: '1', counter: false, gauge: true })).toBe('cpu_utilization_ratio');
    expect(prometheusMetricName({ name: 'cpu.utilization', unit: '1', counter: false, gauge: false })).toBe('cpu_utilization');
    expect(prometheusMetricName({ name: 'requests', unit: '{request}', counter: true, gauge: false })).toBe('requests_total');
    expect(prometheusMetricName({ name: 'io_total', unit: 'By', counter: true, gauge: false })).toBe('io_bytes_total');
    expect(prometheusMetricName({ name: 'io_total', unit: '', counter: true, gauge: false })).toBe('io_total');
  });

  it('formats bounds', () => {
    expect([0.005, 1, 2.5e-7, Infinity, -Infinity, -2].map(formatBound)).toEqual(['0.005', '1', '2.5e-7', '+Inf', '-Inf', '-2']);
  });
});
