import { statusPageNoteRequestSchema, statusPageRequestSchema } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConfigStore } from '../../config-store';
import { openSpecConfigStore, type SpecConfigStore } from '../../testing/spec-config-store';
import { SLUG_TAKEN } from './status-page.repository';

let spec: SpecConfigStore;
let store: ConfigStore;

beforeAll(async () => {
  spec = await openSpecConfigStore(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = spec.store;
});
afterAll(() => spec?.close());

const request = (slug: string) => statusPageRequestSchema.parse({ slug, title: 'Shop status', components: [{ checkId: randomUUID(), name: 'API' }] });
const note = (fields: Record<string, unknown>) => statusPageNoteRequestSchema.parse(fields);

describe('status page repository', () => {
  it('keeps pages and notes to their project, a slug to one page, and notes newest first', async () => {
    const project = await spec.newProject();
    const other = await spec.newProject();
    const page = await store.statusPages.create(project, request('shop'));
    if (page === SLUG_TAKEN) throw new Error('slug taken');
    expect(page).toMatchObject({ projectId: project, slug: 'shop', showCauses: false, notes: [], components: [{ name: 'API', group: '' }] });
    expect(await store.statusPages.create(other, request('shop'))).toBe(SLUG_TAKEN);
    const second = await store.statusPages.create(project, request('shop-two'));
    if (second === SLUG_TAKEN) throw new Error('slug taken');
    expect(await store.statusPages.replace(project, second.id, request('shop'))).toBe(SLUG_TAKEN);

    expect(await store.statusPages.find(other, page.id)).toBeNull();
    expect(await store.statusPages.replace(other, page.id, request('stolen'))).toBeNull();
    expect(await store.statusPages.createNote(other, page.id, note({ title: 'x' }), new Date())).toBeNull();
    expect(await store.statusPages.delete(other, page.id)).toBeNull();
    expect((await store.statusPages.listForProject(other)).length).toBe(0);

    const now = new Date('2026-12-05T00:00:00Z');
    const older = await store.statusPages.createNote(project, page.id, note({ title: 'Older', startsAt: '2026-12-01T00:00:00Z' }), now);
    const newer = await store.statusPages.createNote(project, page.id, note({ title: 'Now', severity: 'minor' }), now);
    expect(newer).toMatchObject({ title: 'Now', severity: 'minor', startsAt: now, endsAt: null });
    expect((await store.statusPages.find(project, page.id))?.notes.map((one) => one.title)).toEqual(['Now', 'Older']);
    expect(await store.statusPages.replaceNote(other, page.id, older?.id ?? '', note({ title: 'Defaced' }))).toBeNull();
    expect(await store.statusPages.replaceNote(project, page.id, older?.id ?? '', note({ title: 'Older, edited' }))).toMatchObject({ title: 'Older, edited', startsAt: new Date('2026-12-01T00:00:00Z') });
    expect(await store.statusPages.deleteNote(other, page.id, older?.id ?? '')).toBe(false);
    expect(await store.statusPages.deleteNote(project, page.id, older?.id ?? '')).toBe(true);

    expect((await store.statusPages.findBySlug('shop'))?.id).toBe(page.id);
    expect(await store.statusPages.delete(project, page.id)).toBe('shop');
    expect(await store.statusPages.findBySlug('shop')).toBeNull();
  });

  it('answers no page by slug for a project being deleted', async () => {
    const project = await spec.newProject();
    await store.statusPages.create(project, request('going-away'));
    expect(await store.statusPages.findBySlug('going-away')).not.toBeNull();
    await store.projects.markDeleting(project, new Date());
    expect(await store.statusPages.findBySlug('going-away')).toBeNull();
  });
});
