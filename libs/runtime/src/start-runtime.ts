import { controlSocketPath, startControlServer, takeBackup } from '@vigil/backup';
import { embeddedEngines, selfMonitoringEnabled, type VigilConfig } from '@vigil/config';
import { AdvisoryLocks, type ConfigStore, openConfigStore, startEmbeddedPostgres } from '@vigil/config-store';
import { loadOrCreateKeyFile, parseEncryptionKey } from '@vigil/notify';
import { type OutboundPolicy, parseOutboundAllowlist } from '@vigil/outbound-guard';
import { createRedisClient, ensureRedis, HeartbeatStore, QueueDepths } from '@vigil/queue';
import { ensureSelfMonitoringProject, SelfIngest, SelfMetrics } from '@vigil/self-monitoring';
import type { Logger } from '@vigil/server-kit';
import { createTelemetryStore, GroupCommitWriter, type TelemetryStoreOptions, LogRepository, MetricRepository, migrateTelemetryStore, SeriesCache, SeriesLimiter } from '@vigil/telemetry-store';
import { mkdir, realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { claimDataDir } from './data-dir-claim';
import { ensureInitialTenant } from './initial-tenant';
import type { VigilRuntime } from './runtime';

/** Undo steps run in reverse order, so whatever started before a failure is stopped again. */
class Teardown {
  private readonly steps: { name: string; run: () => Promise<unknown> }[] = [];

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  async runAll(logger: Logger): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        logger.debug(`stopping ${step.name}`);
        await step.run();
      } catch (error) {
        logger.error({ err: error }, `could not stop ${step.name}`);
      }
    }
  }
}

function unwrapAll<T extends readonly unknown[]>(results: { [K in keyof T]: PromiseSettledResult<T[K]> }): T {
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * How the configuration reaches ClickHouse: a server when CLICKHOUSE_URL is set, chDB in `dataDir`
 * otherwise, which stages backups in `<dataDir>/backups` (the only place it may write them).
 */
export function telemetryStoreOptions(config: VigilConfig, dataDir: string): TelemetryStoreOptions {
  return {
    backupsPath: config.CLICKHOUSE_URL === undefined ? join(dataDir, 'backups') : undefined,
    url: config.CLICKHOUSE_URL,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    database: config.CLICKHOUSE_DATABASE,
    dataDir,
    cluster: config.CLICKHOUSE_CLUSTER,
    mergeThreadNice: config.EMBEDDED_CLICKHOUSE_MERGE_NICE,
  };
}

/** The lock replicas take to migrate one ClickHouse database, one at a time. */
function migrationLock(locks: AdvisoryLocks, database: string): <T>(work: () => Promise<T>) => Promise<T> {
  return (work) => locks.run(`vigil:clickhouse-migrations:${database}`, work);
}

/** OUTBOUND_ALLOWLIST parsed; a bad entry stops start-up naming the variable and the entry. */
function outboundPolicyOf(config: VigilConfig): OutboundPolicy {
  try {
    return parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
  } catch (error) {
    throw new Error(`OUTBOUND_ALLOWLIST: ${(error as Error).message}`);
  }
}

/**
 * The key that encrypts channel secrets: VIGIL_SECRET_KEY when set (every replica of a scaled
 * Vigil must share it), else a key generated at the first start in the data directory (0600).
 */
async function secretKeyOf(config: VigilConfig, dataDir: string, logger: Logger): Promise<Buffer> {
  if (config.VIGIL_SECRET_KEY !== undefined) return parseEncryptionKey(config.VIGIL_SECRET_KEY, 'VIGIL_SECRET_KEY');
  const { key, created } = await loadOrCreateKeyFile(join(dataDir, 'secret.key'));
  if (created) logger.info({ path: join(dataDir, 'secret.key') }, 'generated the key that encrypts notification secrets; back it up with the data directory');
  return key;
}

/** The dashboard's address for links in notifications: VIGIL_PUBLIC_URL, else where `npm start` serves it. */
function publicUrlOf(config: VigilConfig): string {
  if (config.VIGIL_PUBLIC_URL !== undefined) return config.VIGIL_PUBLIC_URL.replace(/\/+$/, '');
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.DASHBOARD_PORT}`;
}

/**
 * Self-monitoring (docs/operations.md): ensures its project, then writes this process's own metrics
 * there every interval, labelled as the `vigil` service; stopped before the ingest writer closes.
 */
async function startSelfMonitoring(
  config: VigilConfig,
  component: string,
  engines: { store: ConfigStore; seriesLimiter: SeriesLimiter; ingestWriter: GroupCommitWriter; selfMetrics: SelfMetrics },
  teardown: Teardown,
  logger: Logger,
): Promise<string> {
  const project = await ensureSelfMonitoringProject(engines.store);
  const selfIngest = new SelfIngest({
    metrics: engines.selfMetrics,
    projectId: project.id,
    projects: engines.store.projects,
    seriesLimiter: engines.seriesLimiter,
    writer: engines.ingestWriter,
    // host:port tells replicas apart as a scrape's `instance` would, and stays the same across restarts.
    identity: { service: 'vigil', instance: `${hostname()}:${config.PORT}`, component },
    intervalMs: config.VIGIL_SELF_MONITORING_INTERVAL_SECONDS * 1000,
    logger,
  });
  selfIngest.start();
  teardown.add('self-monitoring', () => selfIngest.stop());
  return project.id;
}

export interface StartRuntimeOptions {
  cwd?: string;
  /** Which Vigil process this is (standalone, api, worker, prober): the `component` of its own metrics. */
  component?: string;
}

/**
 * Starts or connects to ClickHouse, Postgres and Redis, applies both sets of migrations and
 * creates the first tenant on a fresh install. Postgres and Redis start in parallel with
 * chDB, since embedded Postgres takes the longest.
 */
export async function startRuntime(config: VigilConfig, logger: Logger, options: StartRuntimeOptions = {}): Promise<VigilRuntime> {
  await mkdir(resolve(options.cwd ?? '.', config.VIGIL_DATA_DIR), { recursive: true });
  // The real path: the control socket's name is derived from it, by the backup command too.
  const dataDir = await realpath(resolve(options.cwd ?? '.', config.VIGIL_DATA_DIR));
  const outboundPolicy = outboundPolicyOf(config);
  const embedded = embeddedEngines(config);
  const teardown = new Teardown();
  const selfMetrics = new SelfMetrics();
  // Before any engine starts: a second Vigil on the same data directory stops here, and one
  // orphaned by a killed `npm start` is given time to finish stopping its engines.
  if (embedded.clickhouse) {
    const claim = await claimDataDir(dataDir, (line) => logger.warn(line));
    teardown.add('data directory claim', () => claim.release());
  }
  try {
    const secretKey = await secretKeyOf(config, dataDir, logger);
    const postgresReady = (async () => {
      if (!embedded.postgres) return config.DATABASE_URL as string;
      const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: config.EMBEDDED_POSTGRES_PORT, log: (line) => logger.debug(line) });
      teardown.add('embedded Postgres', () => postgres.stop());
      return postgres.url;
    })();
    const redisReady = ensureRedis({
      redisUrl: config.REDIS_URL,
      dataDir,
      port: config.EMBEDDED_REDIS_PORT,
      allowInstall: true,
      log: (line) => logger.debug(line),
    }).then((redis) => {
      teardown.add('Redis', () => redis.stop());
      return redis;
    });

    const telemetryReady = (async () => {
      const telemetry = await createTelemetryStore(telemetryStoreOptions(config, dataDir));
      teardown.add('ClickHouse', () => telemetry.close());
      selfMetrics.engine.watch(() => telemetry.lanes.stats());
      // A ClickHouse server may be shared by replicas starting together: they migrate one at a
      // time under a Postgres lock. Embedded chDB belongs to this process alone (the data
      // directory claim), so it migrates without waiting for Postgres.
      const lock = embedded.clickhouse ? undefined : await postgresReady.then((url) => migrationLock(new AdvisoryLocks(url), config.CLICKHOUSE_DATABASE));
      await migrateTelemetryStore(telemetry, { cluster: config.CLICKHOUSE_CLUSTER, lock });
      return telemetry;
    })();

    // allSettled, not all: every engine must have finished starting (and registered its
    // teardown) before a failure of another one stops them.
    const [databaseUrl, redis, telemetry] = unwrapAll(await Promise.allSettled([postgresReady, redisReady, telemetryReady]));
    const store = await openConfigStore(databaseUrl);
    teardown.add('Postgres client', () => store.close());
    const redisClient = createRedisClient(redis.url);
    teardown.add('Redis client', () => redisClient.quit());
    const queueDepths = new QueueDepths(redisClient);
    selfMetrics.queues.watch(() => queueDepths.read());
    teardown.add('queue depth readers', () => queueDepths.close());
    selfMetrics.slos.watch(() => store.slos.oldestRecordingPoint());

    // One series cache for both write paths, so neither rewrites series rows the other wrote.
    const seriesCache = new SeriesCache();
    const metrics = new MetricRepository(telemetry, seriesCache);
    const ingestWriter = new GroupCommitWriter(telemetry.writer, {
      seriesCache,
      maxPendingBytes: config.INGEST_MAX_PENDING_BYTES,
      roundGapMs: config.INGEST_ROUND_GAP_MS,
      roundMinRows: config.INGEST_ROUND_MIN_ROWS,
      onRound: (round) => selfMetrics.ingest.observeRound(round),
    });
    selfMetrics.ingest.watchPending(() => ingestWriter.stats, config.INGEST_MAX_PENDING_BYTES);
    // Registered after ClickHouse, so it runs first at shutdown: pending rows are written
    // before the store closes.
    teardown.add('ingest writer', () => ingestWriter.close());

    const initialCredentials = await ensureInitialTenant(store, { email: config.VIGIL_ADMIN_EMAIL, password: config.VIGIL_ADMIN_PASSWORD });
    const seriesLimiter = new SeriesLimiter(metrics);
    const selfMonitoringProjectId = selfMonitoringEnabled(config)
      ? await startSelfMonitoring(config, options.component ?? 'standalone', { store, seriesLimiter, ingestWriter, selfMetrics }, teardown, logger)
      : undefined;
    if (telemetry.backups) {
      // Registered last, so it closes first at shutdown.
      const secretKeyFile = config.VIGIL_SECRET_KEY === undefined ? join(dataDir, 'secret.key') : undefined;
      const control = await startControlServer(
        controlSocketPath(dataDir),
        (target, progress) => takeBackup({ telemetry, databaseUrl, secretKeyFile }, target, progress),
        (line) => logger.info(line),
      );
      teardown.add('control socket', () => control.close());
    }
    return {
      config,
      logger,
      dataDir,
      engines: {
        clickhouse: embedded.clickhouse ? 'embedded' : 'server',
        postgres: embedded.postgres ? 'embedded' : 'server',
        redis: embedded.redis ? 'embedded' : 'server',
      },
      telemetry,
      locks: new AdvisoryLocks(databaseUrl),
      metrics,
      logs: new LogRepository(telemetry),
      ingestWriter,
      seriesLimiter,
      store,
      redis: { url: redis.url, client: redisClient },
      heartbeats: new HeartbeatStore(redisClient),
      secretKey,
      outboundPolicy,
      publicUrl: publicUrlOf(config),
      selfMetrics,
      selfMonitoringProjectId,
      initialCredentials,
      stop: () => teardown.runAll(logger),
    };
  } catch (error) {
    await teardown.runAll(logger);
    throw error;
  }
}
