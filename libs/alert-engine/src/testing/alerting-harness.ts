import { type AlertRuleRecord, type ConfigStore, createDatabaseCopy, type DatabaseCopy, type DeliveryRecord, openConfigStore, type PolicyRecord } from '@vigil/config-store';
import { alertRuleRequestSchema, type AlertRuleRequestInput, type PolicyRequest, policyRequestSchema } from '@vigil/contracts';
import { generateWebhookSecret, sealChannelHeaders, sealChannelSecret, webhookSecretPrefix } from '@vigil/notify';
import { createLogger } from '@vigil/server-kit';
import { createTelemetryStore, type MetricSampleRecord, MetricRepository, migrateTelemetryStore, type TelemetryStore } from '@vigil/telemetry-store';
import type { ReceivedWebhook } from '@vigil/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { AlertingWorker, type AlertingWorkerOptions } from '../alerting-worker';

/**
 * The real engines an alerting int test needs, for one test file: its own Postgres database
 * (copied from the migrated template the int project's global setup made), its own chDB
 * database, a project, and AlertingWorkers on a Redis the test names (the shared one with a key
 * prefix of its own, or a private one it restarts). Channels, policies and rules are written
 * through the repositories as the API writes them (validated by the contracts' schemas), so the
 * worker sees what it would see in production; only timings the API bounds (repeat intervals)
 * may be shorter here.
 */
export interface AlertingHarness {
  store: ConfigStore;
  telemetry: TelemetryStore;
  projectId: string;
  /** BullMQ key prefix of this harness's workers. */
  queuePrefix: string;
  /** A started worker on these engines; `close()` stops it (and every other one started). */
  startWorker(overrides?: Partial<AlertingWorkerOptions>): Promise<AlertingWorker>;
  writeSamples(samples: readonly MetricSampleRecord[]): Promise<void>;
  /** A webhook channel to `url` and its signing secret (shown once, as the API does). */
  channel(url: string, name?: string): Promise<{ id: string; secret: string }>;
  /** A policy as the API stores it; fields the API bounds may be given outside their bounds (tests' short timings). */
  policy(request: Partial<PolicyRequest> & Pick<PolicyRequest, 'channelIds'>): Promise<PolicyRecord>;
  rule(request: AlertRuleRequestInput): Promise<AlertRuleRecord>;
  deliveries(): Promise<DeliveryRecord[]>;
  close(): Promise<void>;
}

export interface AlertingHarnessOptions {
  postgresAdminUrl: string;
  postgresTemplateDatabase: string;
  redisUrl: string;
  /** Names the chDB database, the temporary directory and the queue prefix. */
  name: string;
  /** The workers' log level; default silent (`warn` shows Redis and delivery trouble while debugging). */
  logLevel?: string;
}

export async function openAlertingHarness(options: AlertingHarnessOptions): Promise<AlertingHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), `vigil-${options.name}-`));
  const workers: AlertingWorker[] = [];
  let database: DatabaseCopy | undefined;
  let store: ConfigStore | undefined;
  let telemetry: TelemetryStore | undefined;
  const close = async () => {
    for (const worker of workers.splice(0)) await worker.close();
    await store?.close();
    await telemetry?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    database = await createDatabaseCopy(options.postgresAdminUrl, options.postgresTemplateDatabase);
    store = await openConfigStore(database.url, { migrate: false });
    telemetry = await createTelemetryStore({ database: `t_${options.name.replaceAll('-', '_')}`, dataDir });
    await migrateTelemetryStore(telemetry);
    const organization = await store.organizations.create({ name: 'Acme' });
    const projectId = (await store.projects.create({ organizationId: organization.id, name: 'Checkout', slug: `p-${randomUUID().slice(0, 8)}` })).id;
    const secretKey = randomBytes(32);
    const queuePrefix = `t_${options.name}_${randomUUID().slice(0, 8)}`;
    const metrics = new MetricRepository(telemetry);
    const configStore = store;
    const telemetryStore = telemetry;
    return {
      store: configStore,
      telemetry: telemetryStore,
      projectId,
      queuePrefix,
      startWorker: async (overrides = {}) => {
        const worker = new AlertingWorker({
          store: configStore,
          telemetry: telemetryStore,
          redisUrl: options.redisUrl,
          secretKey,
          // The tests' receivers listen on loopback, which notifications may not reach by default.
          outboundPolicy: { allow: ['127.0.0.0/8'] },
          publicUrl: 'http://vigil.test',
          logger: createLogger(options.logLevel ?? 'silent'),
          queuePrefix,
          ...overrides,
        });
        workers.push(worker);
        await worker.start();
        return worker;
      },
      writeSamples: (samples) => metrics.writeSamples(projectId, samples),
      channel: async (url, name = 'on-call') => {
        const id = randomUUID();
        const secret = generateWebhookSecret();
        await configStore.channels.create(projectId, id, {
          name,
          kind: 'webhook',
          url,
          headersCipher: sealChannelHeaders(id, {}, secretKey),
          headerNames: [],
          titleTemplate: null,
          bodyTemplate: null,
          enabled: true,
          secretCipher: sealChannelSecret(id, secret, secretKey),
          secretPrefix: webhookSecretPrefix(secret),
        });
        return { id, secret };
      },
      policy: (request) => {
        const { repeatIntervalSeconds, groupIntervalSeconds, ...rest } = request;
        const parsed = policyRequestSchema.parse({ name: 'everything', groupWaitSeconds: 0, groupIntervalSeconds: 1, ...rest });
        return configStore.policies.create(projectId, {
          ...parsed,
          ...(repeatIntervalSeconds === undefined ? {} : { repeatIntervalSeconds }),
          ...(groupIntervalSeconds === undefined ? {} : { groupIntervalSeconds }),
        });
      },
      rule: (request) => configStore.alertRules.create(projectId, alertRuleRequestSchema.parse(request)),
      deliveries: () => configStore.deliveries.listForProject(projectId, { limit: 500 }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Verifies a received request with the official Standard Webhooks library; throws when it does not verify. */
export function verifySignature(secret: string, request: Pick<ReceivedWebhook, 'body' | 'headers'>): unknown {
  const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return new Webhook(secret).verify(request.body, headers);
}

/** Waits until `probe` gives a value (not undefined), polling every 100 ms, or fails naming `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The parsed JSON body of a received notification (Vigil's webhook payload). */
export function payloadOf(request: Pick<ReceivedWebhook, 'body'>): { id: string; status: 'firing' | 'resolved'; groupKey: string; alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[] } {
  return JSON.parse(request.body) as ReturnType<typeof payloadOf>;
}
