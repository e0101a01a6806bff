import type { LogRecord } from '@vigil/ingest';
import { keyed, type KeyedLogRecord } from '@vigil/telemetry-store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TAIL_OPTIONS, LogTailSession, type TailSink } from './log-tail.session';

const record = (timestampMs: number, body: string): LogRecord => ({
  timestampMs,
  observedTimestampMs: timestampMs,
  severityNumber: 9,
  severityText: 'INFO',
  service: 'api',
  body,
  attributes: {},
  resource: {},
  traceId: '',
  spanId: '',
});

class FakeSink implements TailSink {
  chunks: string[] = [];
  ended = 0;
  buffered = 0;
  write(chunk: string) {
    this.chunks.push(chunk);
  }
  end() {
    this.ended += 1;
  }
  bufferedBytes() {
    return this.buffered;
  }
  events(name: string): unknown[] {
    return this.chunks.filter((chunk) => chunk.startsWith(`event: ${name}\n`)).map((chunk) => JSON.parse(chunk.split('\ndata: ')[1] as string) as unknown);
  }
}

describe('LogTailSession', () => {
  let stored: KeyedLogRecord[];
  let sink: FakeSink;
  let polls: number[];
  let errors: unknown[];
  const fetch = (sinceMs: number) => {
    polls.push(sinceMs);
    return Promise.resolve(stored.filter((row) => row.record.timestampMs >= sinceMs).sort((a, b) => b.record.timestampMs - a.record.timestampMs));
  };
  const start = (overrides: Partial<typeof DEFAULT_TAIL_OPTIONS> = {}, fetcher = fetch) => {
    const session = new LogTailSession(fetcher, sink, { ...DEFAULT_TAIL_OPTIONS, now: () => Date.now(), onError: (error) => errors.push(error), ...overrides });
    session.start();
    return session;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    stored = [];
    sink = new FakeSink();
    polls = [];
    errors = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends new records once a second, oldest first, each once, late ones within 10 s too', async () => {
    const session = start();
    stored.push(keyed(record(999_000, 'before the tail')), keyed(record(1_000_200, 'b')), keyed(record(1_000_100, 'a')));
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.events('records')).toEqual([{ records: [record(1_000_100, 'a'), record(1_000_200, 'b')] }]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sink.events('records')).toHaveLength(1);
    stored.push(keyed(record(1_000_150, 'late')));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sink.events('records')[1]).toEqual({ records: [record(1_000_150, 'late')] });
    expect(polls.length).toBe(3);
    session.stop();
  });

  it('writes a keep-alive comment after 15 s of silence', async () => {
    const session = start();
    await vi.advanceTimersByTimeAsync(14_500);
    expect(sink.chunks.filter((chunk) => chunk === ': keep-alive\n\n')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sink.chunks.filter((chunk) => chunk === ': keep-alive\n\n')).toHaveLength(1);
    session.stop();
  });

  it('stops polling when stopped, ends the stream once, and leaves no timer behind', async () => {
    let ended = 0;
    const session = new LogTailSession(fetch, sink, { ...DEFAULT_TAIL_OPTIONS, now: () => Date.now(), onError: () => undefined }, () => (ended += 1));
    session.start();
    await vi.advanceTimersByTimeAsync(3_000);
    const before = polls.length;
    session.stop();
    session.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(polls.length).toBe(before);
    expect(sink.ended).toBe(1);
    expect(ended).toBe(1);
    expect(session.active).toBe(false);
  });

  it('writes nothing from a poll that was in flight when the client left', async () => {
    let release: (rows: KeyedLogRecord[]) => void = () => undefined;
    const session = start({}, () => new Promise((resolve) => (release = resolve)));
    await vi.advanceTimersByTimeAsync(0);
    session.stop();
    release([keyed(record(1_000_100, 'x'))]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sink.events('records')).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports a failing streak once and recovers', async () => {
    let fail = true;
    const session = start({}, (since) => (fail ? Promise.reject(new Error('clickhouse down')) : fetch(since)));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sink.events('error')).toHaveLength(1);
    expect(errors).toHaveLength(1);
    fail = false;
    stored.push(keyed(record(1_003_500, 'back')));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sink.events('records')).toEqual([{ records: [record(1_003_500, 'back')] }]);
    session.stop();
  });

  it('drops a client that does not read', async () => {
    const session = start();
    sink.buffered = DEFAULT_TAIL_OPTIONS.maxBufferedBytes + 1;
    await vi.advanceTimersByTimeAsync(0);
    expect(session.active).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
