import type { VigilConfig } from '@vigil/config';
import type { AdvisoryLocks, ConfigStore } from '@vigil/config-store';
import type { OutboundPolicy } from '@vigil/outbound-guard';
import type { HeartbeatStore } from '@vigil/queue';
import type { SelfMetrics } from '@vigil/self-monitoring';
import type { Logger } from '@vigil/server-kit';
import type { GroupCommitWriter, LogRepository, MetricRepository, SeriesLimiter, TelemetryStore } from '@vigil/telemetry-store';
import type { Redis } from 'ioredis';
import type { InitialCredentials } from './initial-tenant';

/** Nest injection token for the VigilRuntime the process was started with. */
export const RUNTIME = Symbol('VigilRuntime');

export type EngineMode = 'embedded' | 'server';

/**
 * Everything a Vigil process talks to, started (or connected) once at boot and stopped once
 * at shutdown. Nest modules receive it through the RUNTIME token instead of opening their
 * own connections, so the embedded engines are shared by api, worker and prober in one process.
 */
export interface VigilRuntime {
  readonly config: VigilConfig;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly engines: { clickhouse: EngineMode; postgres: EngineMode; redis: EngineMode };
  readonly telemetry: TelemetryStore;
  /** Locks shared by every process of the installation (Postgres advisory locks): one replica runs the rollup at a time. */
  readonly locks: AdvisoryLocks;
  readonly metrics: MetricRepository;
  readonly logs: LogRepository;
  /** Ingest writes: concurrent requests share inserts; a 2xx only after their round is written. */
  readonly ingestWriter: GroupCommitWriter;
  /** Cardinality protection for new series, per process. */
  readonly seriesLimiter: SeriesLimiter;
  readonly store: ConfigStore;
  readonly redis: { url: string; client: Redis };
  readonly heartbeats: HeartbeatStore;
  /** Encrypts channel secrets and header values at rest (VIGIL_SECRET_KEY, or the data directory's key file). */
  readonly secretKey: Buffer;
  /** What notifications (and checks) may reach beyond the public internet (OUTBOUND_ALLOWLIST). */
  readonly outboundPolicy: OutboundPolicy;
  /** The dashboard as people reach it; notifications link to alerts there. */
  readonly publicUrl: string;
  /** This process's own metrics: `/metrics`, and what self-monitoring writes (docs/operations.md). */
  readonly selfMetrics: SelfMetrics;
  /** The project Vigil's own metrics go to; undefined when self-monitoring is off. */
  readonly selfMonitoringProjectId: string | undefined;
  /** Set on the very first start only: the credentials to print once. */
  readonly initialCredentials: InitialCredentials | undefined;
  stop(): Promise<void>;
}
