import { type ConfigStore, openConfigStore } from '@vigil/config-store';
import type { ChannelKind } from '@vigil/contracts';
import { generateWebhookSecret, sealChannelSecret, webhookSecretPrefix } from '@vigil/notify';
import { createRedisClient } from '@vigil/queue';
import { createTelemetryStore, GroupCommitWriter, migrateTelemetryStore, type TelemetryStore } from '@vigil/telemetry-store';
import { createTestDatabase, type TestDatabase } from '@vigil/testing';
import type { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

/** The real engines the check int specs run on: a test database with one project, chDB, Redis. */
export interface CheckEngines {
  store: ConfigStore;
  telemetry: TelemetryStore;
  writer: GroupCommitWriter;
  redis: Redis;
  projectId: string;
  /** The test database's URL (for what no repository does, such as deleting a project). */
  databaseUrl: string;
  /** The key channel secrets are sealed with (the alerting worker's `secretKey`). */
  secretKey: Buffer;
  /** A notification channel of the project; answers its id and its whsec_ secret. */
  addChannel(name: string, kind: ChannelKind, url: string): Promise<{ id: string; secret: string }>;
  close(): Promise<void>;
}

export async function startCheckEngines(name: string): Promise<CheckEngines> {
  const database: TestDatabase = await createTestDatabase(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  const store = await openConfigStore(database.url, { migrate: false });
  const dataDir = await mkdtemp(join(tmpdir(), `vigil-${name}-`));
  const telemetry = await createTelemetryStore({ database: `t_${name.replace(/-/g, '_')}`, dataDir });
  await migrateTelemetryStore(telemetry);
  const writer = new GroupCommitWriter(telemetry.writer);
  const redis = createRedisClient(inject('redisUrl'));
  const organization = await store.organizations.create({ name });
  const projectId = (await store.projects.create({ organizationId: organization.id, name, slug: name })).id;
  const secretKey = randomBytes(32);
  return {
    store,
    telemetry,
    writer,
    redis,
    projectId,
    databaseUrl: database.url,
    secretKey,
    addChannel: async (channelName, kind, url) => {
      const id = randomUUID();
      const secret = generateWebhookSecret();
      await store.channels.create(projectId, id, {
        name: channelName,
        kind,
        url,
        headersCipher: null,
        headerNames: [],
        titleTemplate: null,
        bodyTemplate: null,
        enabled: true,
        secretCipher: sealChannelSecret(id, secret, secretKey),
        secretPrefix: webhookSecretPrefix(secret),
      });
      return { id, secret };
    },
    close: async () => {
      await writer.close();
      await telemetry.close();
      redis.disconnect();
      await store.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` every 200 ms until it answers something (not undefined, null or false). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
