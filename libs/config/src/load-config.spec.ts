import { describe, expect, it } from 'vitest';
import { ConfigError, embeddedEngines, loadConfig, selfMonitoringEnabled } from './load-config';

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4318);
    expect(config.DASHBOARD_PORT).toBe(3000);
    expect(config.VIGIL_DATA_DIR).toBe('.data');
    expect(embeddedEngines(config)).toEqual({ clickhouse: true, postgres: true, redis: true });
  });

  it('uses servers for the engines whose URLs are set', () => {
    const config = loadConfig({
      CLICKHOUSE_URL: 'http://ch:8123',
      DATABASE_URL: 'postgresql://u:p@db:5432/vigil',
      REDIS_URL: 'redis://r:6379',
    });
    expect(embeddedEngines(config)).toEqual({ clickhouse: false, postgres: false, redis: false });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', CLICKHOUSE_URL: '' }).CLICKHOUSE_URL).toBeUndefined();
  });

  it('turns self-monitoring on with embedded ClickHouse, off with a server, unless told', () => {
    expect(selfMonitoringEnabled(loadConfig({}))).toBe(true);
    expect(selfMonitoringEnabled(loadConfig({ CLICKHOUSE_URL: 'http://ch:8123' }))).toBe(false);
    expect(selfMonitoringEnabled(loadConfig({ VIGIL_SELF_MONITORING: 'OFF' }))).toBe(false);
    expect(selfMonitoringEnabled(loadConfig({ CLICKHOUSE_URL: 'http://ch:8123', VIGIL_SELF_MONITORING: 'on' }))).toBe(true);
    expect(loadConfig({}).VIGIL_SELF_MONITORING_INTERVAL_SECONDS).toBe(15);
    expect(loadConfig({}).FAILOVER_MAX_WAITS).toBe(10_000);
    expect(loadConfig({}).SLO_RECORDING_INTERVAL_MS).toBe(60_000);
    expect(loadConfig({ SLO_RECORDING_INTERVAL_MS: '2000' }).SLO_RECORDING_INTERVAL_MS).toBe(2000);
  });

  it.each([
    ['PORT', 'abc', /^Invalid configuration: PORT="abc" is invalid \(.+\); expected an integer port from 1 to 65535/],
    ['PORT', '70000', /PORT="70000" is invalid/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL="mysql:\/\/x" is invalid \(must start with postgres:\/\/ or postgresql:\/\/\)/],
    ['REDIS_URL', 'not a url', /REDIS_URL="not a url" is invalid/],
    ['CLICKHOUSE_DATABASE', 'x; DROP', /expected a database name/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud" is invalid.*expected one of fatal/],
    ['VIGIL_SELF_MONITORING', 'yes', /VIGIL_SELF_MONITORING="yes" is invalid.*expected on or off/],
    ['VIGIL_SELF_MONITORING_INTERVAL_SECONDS', '0', /VIGIL_SELF_MONITORING_INTERVAL_SECONDS="0" is invalid.*expected a whole number of seconds/],
    ['FAILOVER_MAX_WAITS', '0', /FAILOVER_MAX_WAITS="0" is invalid.*expected a whole number from 1 to 1000000/],
    ['INGEST_ROUND_GAP_MS', '5000', /INGEST_ROUND_GAP_MS="5000" is invalid.*expected an integer of milliseconds from 0 to 1000/],
    ['EMBEDDED_CLICKHOUSE_MERGE_NICE', '-5', /EMBEDDED_CLICKHOUSE_MERGE_NICE="-5" is invalid.*expected an integer from 0 to 19/],
    ['INGEST_ROUND_MIN_ROWS', '0', /INGEST_ROUND_MIN_ROWS="0" is invalid.*expected a positive integer/],
    ['SLO_RECORDING_INTERVAL_MS', '500', /SLO_RECORDING_INTERVAL_MS="500" is invalid.*expected a whole number of milliseconds from 1000 to 60000/],
    ['SLO_RECORDING_INTERVAL_MS', '120000', /SLO_RECORDING_INTERVAL_MS="120000" is invalid/],
  ])('names %s when it is %j', (variable, value, message) => {
    const load = () => loadConfig({ [variable]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('never echoes a password back', () => {
    expect(() => loadConfig({ VIGIL_ADMIN_PASSWORD: 'short' })).toThrow(/VIGIL_ADMIN_PASSWORD="\*\*\*" is invalid/);
  });

  it('produces a single line', () => {
    try {
      loadConfig({ PORT: '-1' });
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      return;
    }
    throw new Error('expected loadConfig to throw');
  });
});
