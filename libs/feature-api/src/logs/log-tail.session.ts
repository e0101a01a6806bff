import type { LogRecord } from '@vigil/ingest';
import { type KeyedLogRecord, LogTailWindow } from '@vigil/telemetry-store';

/** Where a tail writes: the HTTP response, or a fake in tests. */
export interface TailSink {
  write(chunk: string): void;
  end(): void;
  /** Bytes written but not yet sent; a client this far behind is dropped. */
  bufferedBytes(): number;
}

export interface TailSessionOptions {
  pollMs: number;
  keepAliveMs: number;
  /** Records read per poll: the newest this many of the window. */
  maxRecordsPerPoll: number;
  maxBufferedBytes: number;
  now: () => number;
  onError: (error: unknown) => void;
}

export const DEFAULT_TAIL_OPTIONS: Omit<TailSessionOptions, 'onError'> = {
  pollMs: 1000,
  keepAliveMs: 15_000,
  maxRecordsPerPoll: 1000,
  maxBufferedBytes: 8 * 1024 * 1024,
  now: () => Date.now(),
};

/**
 * One `GET /api/v1/logs/tail` stream: polls about once a second for records of the last 10 s
 * (LogTailWindow drops what was sent), writes `event: records` oldest first, and a
 * `: keep-alive` comment when nothing was written for 15 s. Polls are chained with setTimeout,
 * so a slow query delays the next poll instead of piling up; stop() clears the one pending
 * timer and ends the stream, and a poll in flight when it is called writes nothing.
 */
export class LogTailSession {
  private readonly window: LogTailWindow;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastWriteMs: number;
  private failing = false;

  constructor(
    private readonly fetch: (sinceMs: number, limit: number) => Promise<KeyedLogRecord[]>,
    private readonly sink: TailSink,
    private readonly options: TailSessionOptions,
    private readonly onStop: () => void = () => undefined,
  ) {
    this.lastWriteMs = options.now();
    this.window = new LogTailWindow(this.lastWriteMs);
  }

  get active(): boolean {
    return !this.stopped;
  }

  start(): void {
    // `retry`: how long EventSource waits before reconnecting after the stream ends.
    this.sink.write('retry: 3000\n: tail started\n\n');
    this.schedule(0);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sink.end();
    this.onStop();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    const now = this.options.now();
    const bound = this.window.lowerBound(now);
    try {
      const rows = await this.fetch(bound, this.options.maxRecordsPerPoll);
      if (this.stopped) return;
      this.failing = false;
      const fresh = this.window.accept(rows, bound);
      if (fresh.length > 0) this.send('records', { records: fresh });
    } catch (error) {
      if (this.stopped) return;
      // One error event per failing streak; polling goes on, so the tail recovers by itself.
      if (!this.failing) {
        this.options.onError(error);
        this.send('error', { detail: 'Reading new records failed; the tail keeps trying.' });
      }
      this.failing = true;
    }
    if (this.stopped) return;
    if (this.options.now() - this.lastWriteMs >= this.options.keepAliveMs) this.write(': keep-alive\n\n');
    if (this.sink.bufferedBytes() > this.options.maxBufferedBytes) {
      this.stop();
      return;
    }
    this.schedule(this.options.pollMs);
  }

  private send(event: 'records' | 'error', data: { records: LogRecord[] } | { detail: string }): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(chunk: string): void {
    this.lastWriteMs = this.options.now();
    this.sink.write(chunk);
  }
}
