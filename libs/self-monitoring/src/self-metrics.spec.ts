import { LaneScheduler, OverloadedError } from '@vigil/telemetry-store';
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { SloMetrics } from './families/slo.metrics';
import { SelfMetrics } from './self-metrics';
import { sampleValue } from '@vigil/testing';

describe('SelfMetrics', () => {
  it('exposes HTTP requests under the convention the Overview reads: method, route template, status code', async () => {
    const metrics = new SelfMetrics();
    metrics.http.observeRequest('GET', '/api/v1/services', 200, 0.03);
    metrics.http.observeRequest('GET', '/api/v1/services', 503, 2);
    metrics.http.observeRequest('BREW', undefined, 404, 0.001);
    const text = await metrics.exposition();
    expect(sampleValue(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/services', code: '200' })).toBe(1);
    expect(sampleValue(text, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/api/v1/services', code: '503', le: '1' })).toBe(0);
    expect(sampleValue(text, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/api/v1/services', code: '503', le: '2.5' })).toBe(1);
    expect(sampleValue(text, 'http_request_duration_seconds_count', { method: 'OTHER', route: 'unmatched', code: '404' })).toBe(1);
    expect(sampleValue(text, 'vigil_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts ingest items stored and refused per protocol and reason, a failed write as overloaded or write_failed', async () => {
    const metrics = new SelfMetrics();
    const rejected = { count: 5, reasons: ['…'], byReason: { max_age: 2, labels_per_series: 1 } };
    await metrics.ingest.countWrite('otlp', 'metrics', 10, rejected, () => Promise.resolve());
    await expect(
      metrics.ingest.countWrite('remote_write', 'metrics', 7, { count: 0, reasons: [] }, () => Promise.reject(new OverloadedError('full', 1))),
    ).rejects.toThrow('full');
    await expect(metrics.ingest.countWrite('vigil_json', 'logs', 3, { count: 0, reasons: [] }, () => Promise.reject(new Error('insert failed')))).rejects.toThrow();
    const text = await metrics.exposition();
    const refused = (protocol: string, signal: string, reason: string) => sampleValue(text, 'vigil_ingest_items_refused_total', { protocol, signal, reason });
    expect(sampleValue(text, 'vigil_ingest_items_accepted_total', { protocol: 'otlp', signal: 'metrics' })).toBe(10);
    expect(sampleValue(text, 'vigil_ingest_items_accepted_total', { protocol: 'vigil_json', signal: 'logs' })).toBe(0);
    expect(refused('otlp', 'metrics', 'max_age')).toBe(2);
    expect(refused('otlp', 'metrics', 'labels_per_series')).toBe(1);
    // Counted in `count` but not broken down: invalid.
    expect(refused('otlp', 'metrics', 'invalid')).toBe(2);
    expect(refused('remote_write', 'metrics', 'overloaded')).toBe(7);
    expect(refused('vigil_json', 'logs', 'write_failed')).toBe(3);
  });

  it('exposes insert rounds and the bytes waiting for ClickHouse', async () => {
    const metrics = new SelfMetrics();
    metrics.ingest.watchPending(() => ({ queuedBytes: 300, inFlightBytes: 700, rounds: 0, failedRounds: 0, committed: 0 }), 4096);
    metrics.ingest.observeRound({ kind: 'logs', rows: 500, bytes: 40_000, seconds: 0.02, ok: true, waitSeconds: [0.004, 0.2] });
    metrics.ingest.observeRound({ kind: 'logs', rows: 5, bytes: 400, seconds: 0.3, ok: false, waitSeconds: [0.03] });
    const text = await metrics.exposition();
    expect(sampleValue(text, 'vigil_ingest_pending_bytes')).toBe(1000);
    expect(sampleValue(text, 'vigil_ingest_max_pending_bytes')).toBe(4096);
    expect(sampleValue(text, 'vigil_ingest_insert_round_duration_seconds_bucket', { signal: 'logs', le: '0.025' })).toBe(1);
    expect(sampleValue(text, 'vigil_ingest_insert_round_duration_seconds_count', { signal: 'logs' })).toBe(2);
    expect(sampleValue(text, 'vigil_ingest_insert_round_rows_sum', { signal: 'logs' })).toBe(505);
    expect(sampleValue(text, 'vigil_ingest_insert_round_bytes_bucket', { signal: 'logs', le: '1024' })).toBe(1);
    expect(sampleValue(text, 'vigil_ingest_insert_round_failures_total', { signal: 'logs' })).toBe(1);
    expect(sampleValue(text, 'vigil_ingest_insert_round_failures_total', { signal: 'metrics' })).toBe(0);
    expect(sampleValue(text, 'vigil_ingest_insert_wait_seconds_bucket', { signal: 'logs', le: '0.005' })).toBe(1);
    expect(sampleValue(text, 'vigil_ingest_insert_wait_seconds_bucket', { signal: 'logs', le: '0.05' })).toBe(2);
    expect(sampleValue(text, 'vigil_ingest_insert_wait_seconds_count', { signal: 'logs' })).toBe(3);
  });

  it('exposes the lane scheduler’s waits and runs as histograms in seconds, per lane', async () => {
    const clock = { t: 0 };
    const scheduler = new LaneScheduler({ maxInFlight: 1, now: () => clock.t });
    const metrics = new SelfMetrics();
    metrics.engine.watch(() => scheduler.stats());
    let finishWrite: () => void = () => undefined;
    const write = scheduler.run('write', () => new Promise<void>((resolve) => (finishWrite = resolve)));
    const read = scheduler.run('interactive', async () => {
      clock.t += 40;
    });
    expect(sampleValue(await metrics.exposition(), 'vigil_engine_operations_queued', { lane: 'interactive' })).toBe(1);
    clock.t += 300; // the read waits 300 ms behind the write
    finishWrite();
    await Promise.all([write, read]);
    const text = await metrics.exposition();
    const wait = (le: string) => sampleValue(text, 'vigil_engine_queue_wait_seconds_bucket', { lane: 'interactive', le });
    expect([wait('0.25'), wait('0.5'), wait('+Inf')]).toEqual([0, 1, 1]);
    expect(sampleValue(text, 'vigil_engine_queue_wait_seconds_sum', { lane: 'interactive' })).toBeCloseTo(0.3);
    expect(sampleValue(text, 'vigil_engine_queue_wait_seconds_count', { lane: 'write' })).toBe(1);
    expect(sampleValue(text, 'vigil_engine_operation_duration_seconds_bucket', { lane: 'interactive', le: '0.05' })).toBe(1);
    expect(sampleValue(text, 'vigil_engine_operation_duration_seconds_bucket', { lane: 'interactive', le: '0.025' })).toBe(0);
    expect(sampleValue(text, 'vigil_engine_operations_queued', { lane: 'interactive' })).toBe(0);
    expect(sampleValue(text, 'vigil_engine_operation_failures_total', { lane: 'background' })).toBe(0);
    expect(text).toContain('# TYPE vigil_engine_queue_wait_seconds histogram');
  });

  it('counts evaluations and deliveries; registers the prober’s families only when asked', async () => {
    const metrics = new SelfMetrics();
    metrics.alerting.observeEvaluation('tick', 1.5, 0.2, { evaluated: 3, failed: 1 });
    metrics.notifications.observeAttempt('slack', 'failed', 0.4);
    metrics.notifications.observeAttempt('slack', 'dead', undefined);
    let text = await metrics.exposition();
    expect(sampleValue(text, 'vigil_alert_evaluation_lag_seconds_bucket', { trigger: 'tick', le: '2.5' })).toBe(1);
    expect(sampleValue(text, 'vigil_alert_evaluation_duration_seconds_count', { trigger: 'tick' })).toBe(1);
    expect(sampleValue(text, 'vigil_alert_rule_evaluations_total')).toBe(4);
    expect(sampleValue(text, 'vigil_alert_rule_evaluation_failures_total')).toBe(1);
    expect(sampleValue(text, 'vigil_notification_deliveries_total', { channel_kind: 'slack', outcome: 'dead' })).toBe(1);
    expect(sampleValue(text, 'vigil_notification_delivery_duration_seconds_count', { channel_kind: 'slack' })).toBe(1);
    expect(text).not.toContain('vigil_probe_lag_seconds');
    metrics.probes.observeLag('http', 0.2);
    text = await metrics.exposition();
    expect(sampleValue(text, 'vigil_probe_lag_seconds_count', { kind: 'http' })).toBe(1);
  });

  it('reports queue depths, and none when Redis fails, without failing the scrape', async () => {
    const metrics = new SelfMetrics();
    let fail = false;
    metrics.queues.watch(async () => {
      if (fail) throw new Error('ECONNREFUSED');
      return [{ queue: 'alerting', state: 'waiting', jobs: 4 }];
    });
    expect(sampleValue(await metrics.exposition(), 'vigil_queue_jobs', { queue: 'alerting', state: 'waiting' })).toBe(4);
    fail = true;
    expect(sampleValue(await metrics.exposition(), 'vigil_queue_jobs', { queue: 'alerting', state: 'waiting' })).toBeUndefined();
  });

  it('reports how far SLI recording is behind, 0 without SLOs, the last value when Postgres fails', async () => {
    const now = Date.UTC(2026, 11, 5, 7, 0, 40);
    const registry = new Registry();
    const slos = new SloMetrics(registry, () => now);
    const lag = async () => sampleValue(await registry.metrics(), 'vigil_slo_recording_lag_seconds');
    expect(await lag()).toBe(0);
    let oldest: Date | null | 'fail' = null;
    slos.watch(async () => {
      if (oldest === 'fail') throw new Error('ECONNREFUSED');
      return oldest;
    });
    expect(await lag()).toBe(0);
    oldest = new Date(Date.UTC(2026, 11, 5, 6, 58));
    expect(await lag()).toBe(160);
    oldest = 'fail';
    expect(await lag()).toBe(160);
    // Every process registers it.
    expect(await new SelfMetrics().exposition()).toContain('# TYPE vigil_slo_recording_lag_seconds gauge');
  });
});
