import { describe, expect, it } from 'vitest';
import { checkReportPath, formatInZone, formatLatency, formatSeconds, monthTitle, previousMonth, projectReportPath, reportSelectionFromSearch } from './uptime-report';

const NOW = Date.parse('2026-12-05T10:00:00Z');

describe('report selection', () => {
  it('defaults to last month in the browser’s zone with the default rules', () => {
    expect(reportSelectionFromSearch({}, NOW, 'Europe/Berlin')).toEqual({ month: '2026-11', timezone: 'Europe/Berlin', maintenance: 'exclude', degraded: 'up', minIncidentSeconds: 0 });
    expect(previousMonth(Date.parse('2026-01-15T00:00:00Z'))).toBe('2025-12');
  });
  it('reads a link, replacing what the API would refuse by defaults', () => {
    expect(reportSelectionFromSearch({ month: '2026-10', timezone: 'America/New_York', maintenance: 'count', degraded: 'down', minIncidentSeconds: '60' }, NOW, 'UTC')).toEqual({
      month: '2026-10',
      timezone: 'America/New_York',
      maintenance: 'count',
      degraded: 'down',
      minIncidentSeconds: 60,
    });
    expect(reportSelectionFromSearch({ month: '2026-13', maintenance: 'never', minIncidentSeconds: '-5' }, NOW, 'UTC')).toMatchObject({ month: '2026-11', maintenance: 'exclude', minIncidentSeconds: 0 });
  });
  it('builds the API paths with every rule, and format=csv for the download', () => {
    const selection = reportSelectionFromSearch({ month: '2026-10', timezone: 'Europe/Berlin' }, NOW, 'UTC');
    expect(projectReportPath('p1', selection)).toBe('/api/v1/reports/uptime?project=p1&month=2026-10&timezone=Europe%2FBerlin&maintenance=exclude&degraded=up&minIncidentSeconds=0');
    expect(checkReportPath('p1', 'c/1', selection, 'csv')).toBe('/api/v1/reports/uptime/checks/c%2F1?project=p1&month=2026-10&timezone=Europe%2FBerlin&maintenance=exclude&degraded=up&minIncidentSeconds=0&format=csv');
  });
});

describe('report figures', () => {
  it('durations are exact to the second', () => {
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(3_725)).toBe('1 h 02 min 05 s');
    expect(formatSeconds(7_830)).toBe('2 h 10 min 30 s');
    expect(formatSeconds(3 * 86_400 + 4 * 3_600)).toBe('3 d 4 h 00 min 00 s');
    expect(formatSeconds(null)).toBe('—');
  });
  it('latency, instants on the report’s wall clock, month titles', () => {
    expect(formatLatency(4.25)).toBe('4.3 ms');
    expect(formatLatency(120.4)).toBe('120 ms');
    expect(formatInZone('2026-10-25T00:30:00.000Z', 'Europe/Berlin')).toMatch(/^2026-10-25 02:30:00 (CEST|GMT\+2)$/);
    expect(formatInZone('2026-10-25T01:30:00.000Z', 'Europe/Berlin')).toMatch(/^2026-10-25 02:30:00 (CET|GMT\+1)$/);
    expect(formatInZone(null, 'UTC')).toBe('ongoing');
    expect(monthTitle('2026-10')).toBe('October 2026');
  });
});
