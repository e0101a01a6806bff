import type { UptimeReportRow } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { csvField, percentText, reportFilename, uptimeReportCsv } from './uptime-csv';

describe('uptime CSV', () => {
  it('quotes fields with commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('api, eu')).toBe('"api, eu"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
  });
  it('cuts percentages to 4 decimals, never rounding up to 100', () => {
    expect(percentText(99.99999)).toBe('99.9999');
    expect(percentText(100)).toBe('100.0000');
    expect(percentText(99.86541)).toBe('99.8654');
    expect(percentText(null)).toBeNull();
  });
  it('writes a header and one CRLF line per check', () => {
    const check: UptimeReportRow = {
      checkId: 'c1', checkName: 'web, eu', kind: 'http', from: '', to: '', measuredFrom: null, measuredTo: null,
      periodSeconds: 2_674_800, downtimeSeconds: 3_600, maintenanceSeconds: 0, degradedSeconds: 0, uptimePercent: (100 * (2_674_800 - 3_600)) / 2_674_800,
      incidents: 1, mttrSeconds: 3_600, mtbfSeconds: 2_671_200, latencyP50Ms: 12.34, latencyP95Ms: null,
    };
    const csv = uptimeReportCsv({ month: '2026-03', timezone: 'Europe/Berlin', from: '2026-02-28T23:00:00.000Z', to: '2026-03-31T22:00:00.000Z' }, [check]);
    expect(csv.split('\r\n')).toEqual([
      'check_id,check_name,kind,month,timezone,from,to,period_seconds,uptime_percent,downtime_seconds,maintenance_seconds,degraded_seconds,incidents,mttr_seconds,mtbf_seconds,latency_p50_ms,latency_p95_ms',
      'c1,"web, eu",http,2026-03,Europe/Berlin,2026-02-28T23:00:00.000Z,2026-03-31T22:00:00.000Z,2674800,99.8654,3600,0,0,1,3600,2671200,12.3,',
      '',
    ]);
  });
  it('makes a safe file name', () => {
    expect(reportFilename('Shop / EU "prod"', '2026-03')).toBe('uptime-shop-eu-prod-2026-03.csv');
    expect(reportFilename('™', '2026-03')).toBe('uptime-report-2026-03.csv');
  });
});
