import type { StatusPageComponent, StatusPageNoteRequest, StatusPageRequest, StatusNoteSeverity } from '@vigil/contracts';
import { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

export interface StatusPageNoteRecord {
  id: string;
  statusPageId: string;
  title: string;
  body: string;
  severity: StatusNoteSeverity | null;
  startsAt: Date;
  endsAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface StatusPageRecord {
  id: string;
  projectId: string;
  slug: string;
  title: string;
  description: string;
  components: StatusPageComponent[];
  showCauses: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Newest first. */
  notes: StatusPageNoteRecord[];
}

/** A write that could not be made because another page (of any project) has the slug. */
export const SLUG_TAKEN = 'slug-taken' as const;

type PageRow = Prisma.StatusPageGetPayload<{ include: { notes: true } }>;
type NoteRow = Prisma.StatusPageNoteGetPayload<object>;

const withNotes = { notes: { orderBy: [{ startsAt: 'desc' as const }, { id: 'asc' as const }] } };

function noteRecord({ projectId: _projectId, ...row }: NoteRow): StatusPageNoteRecord {
  return { ...row, severity: row.severity as StatusNoteSeverity | null };
}

function pageRecord(row: PageRow): StatusPageRecord {
  return { ...row, components: row.components as unknown as StatusPageComponent[], notes: row.notes.map(noteRecord) };
}

const pageData = (page: StatusPageRequest) => ({ ...page, components: page.components as unknown as Prisma.InputJsonValue });

function noteData(note: StatusPageNoteRequest, now: Date) {
  return { title: note.title, body: note.body, severity: note.severity, startsAt: note.startsAt === undefined ? now : new Date(note.startsAt), endsAt: note.endsAt === null ? null : new Date(note.endsAt) };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Public status pages and their notes; every read and write names the project, except the public read by slug. */
export class StatusPageRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(projectId: string, page: StatusPageRequest): Promise<StatusPageRecord | typeof SLUG_TAKEN> {
    try {
      return pageRecord(await this.db.statusPage.create({ data: { projectId, ...pageData(page) }, include: withNotes }));
    } catch (error) {
      if (isUniqueViolation(error)) return SLUG_TAKEN;
      throw error;
    }
  }

  async replace(projectId: string, id: string, page: StatusPageRequest): Promise<StatusPageRecord | typeof SLUG_TAKEN | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    try {
      const { count } = await this.db.statusPage.updateMany({ where: { id, projectId }, data: pageData(page) });
      return count === 0 ? null : this.find(projectId, id);
    } catch (error) {
      if (isUniqueViolation(error)) return SLUG_TAKEN;
      throw error;
    }
  }

  /** The deleted page's slug (its public answer is gone too), or null when the project has no such page. */
  async delete(projectId: string, id: string): Promise<string | null> {
    const page = await this.find(projectId, id);
    if (page === null) return null;
    const { count } = await this.db.statusPage.deleteMany({ where: { id, projectId } });
    return count === 0 ? null : page.slug;
  }

  async find(projectId: string, id: string): Promise<StatusPageRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.statusPage.findFirst({ where: { id, projectId }, include: withNotes });
    return row ? pageRecord(row) : null;
  }

  async listForProject(projectId: string): Promise<StatusPageRecord[]> {
    if (!isUuid(projectId)) return [];
    return (await this.db.statusPage.findMany({ where: { projectId }, include: withNotes, orderBy: [{ title: 'asc' }, { id: 'asc' }] })).map(pageRecord);
  }

  /** The page at a public address; a page of a project being deleted is gone already. */
  async findBySlug(slug: string): Promise<StatusPageRecord | null> {
    const row = await this.db.statusPage.findFirst({ where: { slug, project: { deletingAt: null } }, include: withNotes });
    return row ? pageRecord(row) : null;
  }

  /** A note on a page of the project, or null when the project has no such page. */
  async createNote(projectId: string, statusPageId: string, note: StatusPageNoteRequest, now: Date): Promise<StatusPageNoteRecord | null> {
    if ((await this.find(projectId, statusPageId)) === null) return null;
    return noteRecord(await this.db.statusPageNote.create({ data: { projectId, statusPageId, ...noteData(note, now) } }));
  }

  async replaceNote(projectId: string, statusPageId: string, id: string, note: StatusPageNoteRequest): Promise<StatusPageNoteRecord | null> {
    if (!isUuid(projectId) || !isUuid(statusPageId) || !isUuid(id)) return null;
    // An edit that leaves the time out keeps the note's time (it does not jump to now).
    const { startsAt, ...rest } = noteData(note, new Date());
    const data = note.startsAt === undefined ? rest : { ...rest, startsAt };
    const { count } = await this.db.statusPageNote.updateMany({ where: { id, statusPageId, projectId }, data });
    if (count === 0) return null;
    const row = await this.db.statusPageNote.findFirst({ where: { id, statusPageId, projectId } });
    return row ? noteRecord(row) : null;
  }

  async deleteNote(projectId: string, statusPageId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(statusPageId) || !isUuid(id)) return false;
    const { count } = await this.db.statusPageNote.deleteMany({ where: { id, statusPageId, projectId } });
    return count > 0;
  }
}
