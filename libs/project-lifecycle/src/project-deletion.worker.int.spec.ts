import { type ConfigStore, createDatabaseCopy, type DatabaseCopy, openConfigStore } from '@vigil/config-store';
import { createQueue, projectsQueue } from '@vigil/queue';
import { createLogger } from '@vigil/server-kit';
import { createTelemetryStore, MetricRepository, migrateTelemetryStore, ProjectTelemetryRemover, type TelemetryStore } from '@vigil/telemetry-store';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enqueueProjectDeletion, ProjectDeletionWorker } from './project-deletion.worker';

// Deletion against the real engines (embedded Postgres, chDB, Redis): a deletion cut short
// after the telemetry is gone but before the configuration is finishes when a worker starts
// again, a deletion queued while no worker runs is done once one does, and a live project is
// never touched whatever a job says.

const redisUrl = inject('redisUrl');
const prefix = `t-deletion-${randomUUID().slice(0, 8)}`;
const logger = createLogger('silent');
let database: DatabaseCopy;
let store: ConfigStore;
let telemetry: TelemetryStore;
let dataDir: string;
let metrics: MetricRepository;

beforeAll(async () => {
  database = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = await openConfigStore(database.url);
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-deletion-'));
  telemetry = await createTelemetryStore({ database: 't_deletion', dataDir });
  await migrateTelemetryStore(telemetry);
  metrics = new MetricRepository(telemetry);
});

afterAll(async () => {
  await telemetry?.close();
  await store?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function projectWithData(organizationId: string): Promise<string> {
  const project = await store.projects.create({ organizationId, name: 'P', slug: `p-${randomUUID().slice(0, 8)}` });
  await store.apiKeys.create({ projectId: project.id, name: 'k', prefix: 'vgl_x', hash: randomUUID(), scopes: ['ingest'] });
  await metrics.writeSamples(project.id, [{ name: 'up', labels: { job: 'api' }, timestampMs: Date.now(), value: 1 }]);
  return project.id;
}

const worker = () => new ProjectDeletionWorker({ store, telemetry, redisUrl, logger, queuePrefix: prefix, sweepDelayMs: 100 });

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ProjectDeletionWorker', () => {
  it('finishes a deletion cut short halfway, and one queued while no worker ran, and leaves live projects alone', async () => {
    const organization = await store.organizations.create({ name: 'Acme' });
    const halfway = await projectWithData(organization.id);
    const queuedOnly = await projectWithData(organization.id);
    const live = await projectWithData(organization.id);

    // A process that marked the project and removed its telemetry, then died before the rest.
    await store.projects.markDeleting(halfway, new Date());
    await new ProjectTelemetryRemover(telemetry).deleteProject(halfway);
    expect(await store.projects.lifecycleState(halfway)).toBe('deleting');
    // The API marked and queued this one while no worker ran; a forged job names a live project.
    const queue = createQueue(projectsQueue, redisUrl, { prefix });
    await store.projects.markDeleting(queuedOnly, new Date());
    await enqueueProjectDeletion(queue, queuedOnly);
    await enqueueProjectDeletion(queue, live);

    const restarted = worker();
    await restarted.start();
    try {
      await until('both deletions finished', async () => (await store.projects.lifecycleState(halfway)) === 'gone' && (await store.projects.lifecycleState(queuedOnly)) === 'gone');
      for (const id of [halfway, queuedOnly]) {
        expect(await store.apiKeys.listForProject(id)).toEqual([]);
        expect(await metrics.countSamples(id)).toBe(0);
      }
      await until('the forged job was handled', async () => {
        const counts = await queue.queue.getJobCounts('waiting', 'active');
        return counts['waiting'] === 0 && counts['active'] === 0;
      });
      expect(await store.projects.lifecycleState(live)).toBe('live');
      expect(await metrics.countSamples(live)).toBe(1);

      // A late write (an ingest request under way when the project was marked) is swept a moment later.
      await metrics.writeSamples(queuedOnly, [{ name: 'up', labels: { job: 'late' }, timestampMs: Date.now(), value: 1 }]);
      await restarted.close();
      const again = worker();
      await again.start();
      await queue.add('sweep-project-telemetry', { projectId: queuedOnly });
      await until('the late sample was swept', async () => (await metrics.countSamples(queuedOnly)) === 0);
      await again.close();
    } finally {
      await restarted.close();
      await queue.close();
    }
  });
});
