import { sloRequestSchema } from '@vigil/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConfigStore } from '../config-store';
import { openSpecConfigStore, type SpecConfigStore } from '../testing/spec-config-store';

// The figure behind vigil_slo_recording_lag_seconds (docs/operations.md): the oldest point any SLO
// of a live project is recorded up to, an unrecorded SLO counting from when it was made.

let spec: SpecConfigStore;
let store: ConfigStore;

beforeAll(async () => {
  spec = await openSpecConfigStore(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = spec.store;
});
afterAll(() => spec?.close());

async function slo(projectId: string, name: string): Promise<{ id: string; revision: number; createdAt: Date }> {
  const created = await store.slos.create(projectId, sloRequestSchema.parse({ name, sli: { kind: 'ratio', bad: { name: 'errors_total' }, total: { name: 'requests_total' } }, objective: 99.9, window: { kind: 'rolling', days: 30 } }));
  if (!created) throw new Error('not created');
  return { id: created.id, revision: created.sliRevision, createdAt: created.updatedAt };
}

const progress = (one: { id: string; revision: number }, recordedUntil: number) => ({
  id: one.id,
  revision: one.revision,
  recordedUntil: new Date(recordedUntil),
  historyCursor: new Date(recordedUntil),
  historyLimit: new Date(recordedUntil - 86_400_000),
  historyReachedBack: null,
  error: null,
});

describe('SloRepository.oldestRecordingPoint', () => {
  it('is null without SLOs, the oldest recordedUntil once recorded, an unrecorded SLO counting from its making, and skips projects being deleted', async () => {
    expect(await store.slos.oldestRecordingPoint()).toBeNull();
    const shop = await spec.newProject();
    const first = await slo(shop, 'first');
    // Not recorded yet: behind since it was made.
    expect(await store.slos.oldestRecordingPoint()).toEqual(first.createdAt);

    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    await store.slos.recordProgress([progress(first, minute - 60_000)]);
    expect(await store.slos.oldestRecordingPoint()).toEqual(new Date(minute - 60_000));

    const second = await slo(shop, 'second');
    await store.slos.recordProgress([progress(second, minute - 5 * 60_000)]);
    expect(await store.slos.oldestRecordingPoint()).toEqual(new Date(minute - 5 * 60_000));

    // A project being deleted records no more: its SLOs are not "behind".
    const doomed = await spec.newProject();
    const stale = await slo(doomed, 'stale');
    await store.slos.recordProgress([progress(stale, minute - 60 * 60_000)]);
    expect(await store.slos.oldestRecordingPoint()).toEqual(new Date(minute - 60 * 60_000));
    await store.projects.markDeleting(doomed, new Date());
    expect(await store.slos.oldestRecordingPoint()).toEqual(new Date(minute - 5 * 60_000));
  });
});
