import type { ConfigStore } from '@vigil/config-store';
import { createQueue, createWorker, type QueueConnectionOptions, type QueueHandle, scheduleRepeatable, sloQueue, type WorkerHandle } from '@vigil/queue';
import type { Logger } from '@vigil/server-kit';
import type { TelemetryStore } from '@vigil/telemetry-store';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LateDataMarks } from './late-data';
import { type RecordingSummary, SliRecorder } from './sli-recorder';

export interface SloRecordingWorkerOptions {
  store: ConfigStore;
  telemetry: TelemetryStore;
  redisUrl: string;
  /** For the recorder's lock and the late-data marks. */
  redis: Redis;
  logger: Logger;
  /** BullMQ key prefix (tests keep files apart); default `vigil`. */
  queuePrefix?: string;
  /** How often a recording pass runs (default every minute). */
  everyMs?: number;
}

/** A pass that runs longer than this lets another replica take over (it records from the stored progress). */
const LOCK_TTL_MS = 5 * 60_000;
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The worker side of SLI recording (docs/slo.md, Recording): a BullMQ job scheduler runs a pass
 * every minute, once across replicas; a Redis lock makes sure two passes never overlap (a slow
 * pass on one replica and the next on another), since two reconciliations of one minute at once
 * could both write the same difference. A pass that finds the lock taken does nothing: the next
 * one records from where the stored progress says. A plain class, so tests run it directly.
 */
export class SloRecordingWorker {
  readonly recorder: SliRecorder;
  private queue: QueueHandle<typeof sloQueue> | undefined;
  private worker: WorkerHandle | undefined;
  private readonly lockKey: string;

  constructor(private readonly options: SloRecordingWorkerOptions) {
    this.lockKey = `${options.queuePrefix ?? 'vigil'}:slo:recorder-lock`;
    this.recorder = new SliRecorder({ store: options.store, telemetry: options.telemetry, marks: new LateDataMarks(options.redis, `${options.queuePrefix ?? 'vigil'}:slo:late-data`), logger: options.logger });
  }

  async start(): Promise<void> {
    const connection: QueueConnectionOptions = { onError: (error) => this.options.logger.warn({ err: error }, 'slo queue error'), ...(this.options.queuePrefix ? { prefix: this.options.queuePrefix } : {}) };
    this.queue = createQueue(sloQueue, this.options.redisUrl, connection);
    this.worker = createWorker(sloQueue, this.options.redisUrl, () => this.pass(Date.now()), { ...connection, concurrency: 1 });
    const everyMs = this.options.everyMs ?? 60_000;
    const { replacedEveryMs } = await scheduleRepeatable(this.queue, 'record-slis', everyMs, {});
    // One schedule serves every worker replica: the last to start sets it.
    if (replacedEveryMs !== undefined) {
      this.options.logger.warn(
        { everyMs, replacedEveryMs },
        `SLO_RECORDING_INTERVAL_MS differs between worker replicas: this one set SLI recording to every ${everyMs} ms, replacing ${replacedEveryMs} ms set by another (or an earlier start); set the same value on every worker`,
      );
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  /** One recording pass at `now`, if no other pass holds the lock (null when one does). */
  async pass(now: number): Promise<RecordingSummary | null> {
    const token = randomUUID();
    if ((await this.options.redis.set(this.lockKey, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') return null;
    try {
      const summary = await this.recorder.tick(now);
      if (summary.failed > 0) this.options.logger.warn({ summary }, 'some SLOs could not be recorded');
      return summary;
    } finally {
      await this.options.redis.eval(RELEASE, 1, this.lockKey, token);
    }
  }
}
