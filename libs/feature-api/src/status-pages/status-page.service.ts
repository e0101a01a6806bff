import { Inject, Injectable } from '@nestjs/common';
import { SLUG_TAKEN, type StatusPageRecord } from '@vigil/config-store';
import type { StatusPage, StatusPageNote, StatusPageNoteRequest, StatusPageRequest } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { invalidFields } from '../alerting/matcher-validation';
import { PublicStatusPageService } from './public-status-page.service';
import { statusPageNoteView, statusPageView } from './status-page-views';

function pageNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This project has no status page with that id.');
}

function slugTaken(slug: string): DomainError {
  return new DomainError('CONFLICT', `The address /status/${slug} is taken by another status page; choose another slug.`, { errors: [{ path: 'slug', message: 'is taken' }] });
}

/**
 * Status page configuration (docs/checks.md, Status pages): each chosen check must be a check of
 * the project; the slug is unique across every project (it is a public address). Every write
 * drops this process's cached public answer at once (other replicas' expire within their TTL).
 */
@Injectable()
export class StatusPageService {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly publicPages: PublicStatusPageService,
  ) {}

  async list(projectId: string): Promise<{ statusPages: StatusPage[] }> {
    return { statusPages: (await this.runtime.store.statusPages.listForProject(projectId)).map(statusPageView) };
  }

  async get(projectId: string, id: string): Promise<StatusPage> {
    return statusPageView(await this.found(projectId, id));
  }

  async create(projectId: string, request: StatusPageRequest): Promise<StatusPage> {
    await this.checkComponents(projectId, request);
    const page = await this.runtime.store.statusPages.create(projectId, request);
    if (page === SLUG_TAKEN) throw slugTaken(request.slug);
    this.publicPages.forget(page.slug);
    return statusPageView(page);
  }

  async replace(projectId: string, id: string, request: StatusPageRequest): Promise<StatusPage> {
    const before = await this.found(projectId, id);
    await this.checkComponents(projectId, request);
    const page = await this.runtime.store.statusPages.replace(projectId, id, request);
    if (page === SLUG_TAKEN) throw slugTaken(request.slug);
    if (page === null) throw pageNotFound();
    this.publicPages.forget(before.slug);
    this.publicPages.forget(page.slug);
    return statusPageView(page);
  }

  async delete(projectId: string, id: string): Promise<void> {
    const slug = await this.runtime.store.statusPages.delete(projectId, id);
    if (slug === null) throw pageNotFound();
    this.publicPages.forget(slug);
  }

  async listNotes(projectId: string, pageId: string): Promise<{ notes: StatusPageNote[] }> {
    return { notes: (await this.found(projectId, pageId)).notes.map(statusPageNoteView) };
  }

  async createNote(projectId: string, pageId: string, request: StatusPageNoteRequest): Promise<StatusPageNote> {
    const note = await this.runtime.store.statusPages.createNote(projectId, pageId, request, new Date());
    if (note === null) throw pageNotFound();
    await this.forgetPage(projectId, pageId);
    return statusPageNoteView(note);
  }

  async replaceNote(projectId: string, pageId: string, id: string, request: StatusPageNoteRequest): Promise<StatusPageNote> {
    const page = await this.found(projectId, pageId);
    const existing = page.notes.find((note) => note.id === id);
    if (existing === undefined) throw noteNotFound();
    const endsAt = request.endsAt === null ? null : Date.parse(request.endsAt);
    const startsAt = request.startsAt === undefined ? existing.startsAt.getTime() : Date.parse(request.startsAt);
    if (endsAt !== null && endsAt <= startsAt) throw invalidFields('note', [{ path: 'endsAt', message: 'must be after the note\'s startsAt' }]);
    const note = await this.runtime.store.statusPages.replaceNote(projectId, pageId, id, request);
    if (note === null) throw noteNotFound();
    this.publicPages.forget(page.slug);
    return statusPageNoteView(note);
  }

  async deleteNote(projectId: string, pageId: string, id: string): Promise<void> {
    if (!(await this.runtime.store.statusPages.deleteNote(projectId, pageId, id))) throw noteNotFound();
    await this.forgetPage(projectId, pageId);
  }

  private async found(projectId: string, id: string): Promise<StatusPageRecord> {
    const page = await this.runtime.store.statusPages.find(projectId, id);
    if (page === null) throw pageNotFound();
    return page;
  }

  private async forgetPage(projectId: string, id: string): Promise<void> {
    const page = await this.runtime.store.statusPages.find(projectId, id);
    if (page !== null) this.publicPages.forget(page.slug);
  }

  /** Every chosen check must be one of the project's: another project's id is as unknown as a made-up one. */
  private async checkComponents(projectId: string, request: StatusPageRequest): Promise<void> {
    const known = new Set((await this.runtime.store.checks.findManyWithState(projectId, request.components.map((component) => component.checkId))).map((check) => check.id));
    const problems = request.components.flatMap((component, index) => (known.has(component.checkId) ? [] : [{ path: `components[${index}].checkId`, message: 'is not a check of this project' }]));
    if (problems.length > 0) throw invalidFields('status page', problems);
  }
}

function noteNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This status page has no note with that id.');
}
