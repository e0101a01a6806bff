import type { StatusPageNoteRecord, StatusPageRecord } from '@vigil/config-store';
import type { StatusPage, StatusPageNote } from '@vigil/contracts';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function statusPageNoteView(note: StatusPageNoteRecord): StatusPageNote {
  return {
    id: note.id,
    title: note.title,
    body: note.body,
    severity: note.severity,
    startsAt: note.startsAt.toISOString(),
    endsAt: iso(note.endsAt),
    createdAt: note.createdAt.toISOString(),
    updatedAt: note.updatedAt.toISOString(),
  };
}

/** A page as its team sees it (the configuration API); the public sees publicStatusPage's answer instead. */
export function statusPageView(page: StatusPageRecord): StatusPage {
  return {
    id: page.id,
    slug: page.slug,
    title: page.title,
    description: page.description,
    components: page.components.map(({ checkId, name, group }) => ({ checkId, name, group })),
    showCauses: page.showCauses,
    notes: page.notes.map(statusPageNoteView),
    createdAt: page.createdAt.toISOString(),
    updatedAt: page.updatedAt.toISOString(),
  };
}
