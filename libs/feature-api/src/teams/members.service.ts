import { Inject, Injectable } from '@nestjs/common';
import { lastOwnerProblem, type MemberRole, removalProblem, roleChangeProblem } from '@vigil/auth';
import type { ConfigRepositories } from '@vigil/config-store';
import type { Member, UpdateMemberRequest } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { AccessChangesService } from '../auth/access-changes.service';
import type { UserPrincipal } from '../auth/authentication.service';
import { memberView } from './team-views';

function notAMember(): DomainError {
  return new DomainError('NOT_FOUND', 'This organization has no member with that id.');
}

/** Project ids must be live projects of the organization; returns them, or throws naming the others. */
export async function checkProjectsOf(repos: Pick<ConfigRepositories, 'projects'>, organizationId: string, projectIds: readonly string[], field: string): Promise<void> {
  if (projectIds.length === 0) return;
  const own = new Set((await repos.projects.listForOrganization(organizationId)).map((project) => project.id));
  const foreign = projectIds.filter((id) => !own.has(id));
  if (foreign.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `Invalid ${field}: not projects of this organization: ${foreign.join(', ')}.`, { errors: [{ path: field, message: `not projects of this organization: ${foreign.join(', ')}` }] });
  }
}

/**
 * Members of an organization: roles changed and members removed by owners and admins (owners
 * alone touch owners), never leaving the organization without an owner. Each change runs in one
 * transaction holding the organization's memberships locked, so two owners demoting each other
 * at once cannot both succeed. The person's access changes at once on every API replica, and a
 * removed member's sessions end.
 */
@Injectable()
export class MembersService {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly accessChanges: AccessChangesService,
  ) {}

  async list(organizationId: string): Promise<Member[]> {
    return (await this.runtime.store.memberships.listForOrganization(organizationId)).map(memberView);
  }

  async update(organizationId: string, actor: UserPrincipal, userId: string, request: UpdateMemberRequest): Promise<Member> {
    const actorRole = this.roleOf(actor, organizationId);
    const updated = await this.runtime.store.runInTransaction(async (repos) => {
      const members = await repos.memberships.lockOrganization(organizationId);
      const target = members.find((member) => member.userId === userId);
      if (!target) throw notAMember();
      if (request.role !== undefined && request.role !== target.role) {
        const problem = roleChangeProblem(actorRole, target.role, request.role) ?? lastOwnerProblem(members, { userId, role: request.role });
        if (problem) throw new DomainError(problem.startsWith('The last owner') ? 'CONFLICT' : 'FORBIDDEN', problem);
        await repos.memberships.updateRole(organizationId, userId, request.role);
      }
      if (request.projectRoles !== undefined) {
        const problem = roleChangeProblem(actorRole, target.role, request.role ?? target.role);
        if (problem) throw new DomainError('FORBIDDEN', problem);
        if ((request.role ?? target.role) === 'owner' && Object.values(request.projectRoles).some((role) => role !== null)) {
          throw new DomainError('VALIDATION_FAILED', 'Owners have every right in every project of the organization; project roles do not apply to them.', { errors: [{ path: 'projectRoles', message: 'not for owners' }] });
        }
        await checkProjectsOf(repos, organizationId, Object.keys(request.projectRoles), 'projectRoles');
        for (const [projectId, role] of Object.entries(request.projectRoles)) await repos.memberships.setProjectRole(organizationId, userId, projectId, role);
      }
      return repos.memberships.find(organizationId, userId);
    });
    if (!updated) throw notAMember();
    await this.accessChanges.publish({ kind: 'user', userId });
    return memberView(updated);
  }

  /** Removes a member (or lets one leave); every session of theirs ends at once. */
  async remove(organizationId: string, actor: UserPrincipal, userId: string): Promise<void> {
    const actorRole = this.roleOf(actor, organizationId);
    await this.runtime.store.runInTransaction(async (repos) => {
      const members = await repos.memberships.lockOrganization(organizationId);
      const target = members.find((member) => member.userId === userId);
      if (!target) throw notAMember();
      const forbidden = removalProblem(actorRole, target.role, userId === actor.userId);
      if (forbidden) throw new DomainError('FORBIDDEN', forbidden);
      const lastOwner = lastOwnerProblem(members, { userId, role: null });
      if (lastOwner) throw new DomainError('CONFLICT', lastOwner);
      await repos.memberships.delete(organizationId, userId);
      await repos.sessions.deleteAllForUser(userId);
    });
    await this.accessChanges.publish({ kind: 'user', userId });
  }

  private roleOf(actor: UserPrincipal, organizationId: string): MemberRole {
    const role = actor.organizations.get(organizationId);
    if (!role) throw new DomainError('FORBIDDEN', 'You are not a member of this organization.');
    return role;
  }
}
