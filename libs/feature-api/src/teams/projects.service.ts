import { Inject, Injectable } from '@nestjs/common';
import { managesOrganization, type Principal } from '@vigil/auth';
import type { CreateProjectRequest, MemberRoleName, Project, ProjectListResponse } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { AccessChangesService } from '../auth/access-changes.service';
import { ProjectDeletionQueueService } from './project-deletion-queue.service';
import { projectView, uniqueSlug } from './team-views';

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'There is no such project (or it is being deleted).');
}

/** The caller's role in a project: a person's from their roles, none for a key. */
function roleIn(principal: Principal, projectId: string): MemberRoleName | null {
  return principal.kind === 'user' ? (principal.projects.get(projectId)?.role ?? null) : null;
}

/**
 * Projects: created and deleted by an organization's owners and admins, renamed by whoever has
 * the `admin` scope on the project. Deleting marks the project (gone for everyone at once, its
 * keys refused on every replica) and queues the removal of its data (libs/project-lifecycle).
 */
@Injectable()
export class ProjectsService {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly accessChanges: AccessChangesService,
    private readonly deletions: ProjectDeletionQueueService,
  ) {}

  async list(organizationId: string, principal: Principal): Promise<ProjectListResponse> {
    const [projects, deleting] = await Promise.all([this.runtime.store.projects.listForOrganization(organizationId), this.runtime.store.projects.listDeleting(organizationId)]);
    return {
      projects: projects.map((project) => projectView(project, roleIn(principal, project.id))),
      deleting: deleting.map((project) => ({ id: project.id, name: project.name, since: project.deletingAt.toISOString() })),
    };
  }

  async get(projectId: string, principal: Principal): Promise<Project> {
    const project = await this.runtime.store.projects.findById(projectId);
    if (!project) throw notFound();
    return projectView(project, roleIn(principal, project.id));
  }

  async create(organizationId: string, principal: Principal, request: CreateProjectRequest): Promise<Project> {
    const slug = uniqueSlug(request.name, await this.runtime.store.projects.slugsInOrganization(organizationId));
    const project = await this.runtime.store.projects.create({ organizationId, name: request.name, slug, ...(request.retentionDays === undefined ? {} : { retentionDays: request.retentionDays }) });
    // The creator works in it right away; other members see it within the session cache's 10 s.
    if (principal.kind === 'user') await this.accessChanges.publish({ kind: 'user', userId: principal.userId });
    return projectView(project, principal.kind === 'user' ? (principal.organizations.get(organizationId) ?? null) : null);
  }

  async rename(projectId: string, principal: Principal, name: string): Promise<Project> {
    const current = await this.runtime.store.projects.findById(projectId);
    if (!current) throw notFound();
    const taken = await this.runtime.store.projects.slugsInOrganization(current.organizationId);
    taken.delete(current.slug);
    const project = await this.runtime.store.projects.rename(projectId, { name, slug: uniqueSlug(name, taken) });
    if (!project) throw notFound();
    return projectView(project, roleIn(principal, projectId));
  }

  /** Deletion takes an owner or admin of the project's organization, signed in, who typed the project's name. */
  async delete(projectId: string, principal: Principal, confirm: string): Promise<{ project: Project; status: 'deleting' }> {
    const project = await this.runtime.store.projects.findById(projectId);
    if (!project) throw notFound();
    if (principal.kind !== 'user' || !managesOrganization(principal.organizations.get(project.organizationId))) {
      throw new DomainError('FORBIDDEN', 'Deleting a project takes an owner or admin of its organization, signed in.');
    }
    if (confirm.trim() !== project.name) {
      throw new DomainError('VALIDATION_FAILED', `To delete the project, type its name, "${project.name}", in confirm.`, { errors: [{ path: 'confirm', message: `must be the project's name, "${project.name}"` }] });
    }
    if (!(await this.runtime.store.projects.markDeleting(projectId, new Date()))) throw notFound();
    await this.accessChanges.publish({ kind: 'project', projectId });
    await this.deletions.enqueue(projectId);
    return { project: projectView(project, roleIn(principal, projectId)), status: 'deleting' };
  }
}
