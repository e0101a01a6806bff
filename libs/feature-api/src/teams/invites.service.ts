import { Inject, Injectable } from '@nestjs/common';
import { generateInviteToken, hashPassword, hashToken, looksLikeInviteToken, roleChangeProblem } from '@vigil/auth';
import type { InviteRecord } from '@vigil/config-store';
import { type AcceptInviteRequest, type CreateInviteRequest, type CreateInviteResponse, type Invite, type InviteLookupResponse, newPasswordSchema, type SessionUser } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { z } from 'zod';
import { AccessChangesService } from '../auth/access-changes.service';
import { AuthenticationService, type ClientInfo, type UserPrincipal } from '../auth/authentication.service';
import { InviteMailerService } from './invite-mailer.service';
import { checkProjectsOf } from './members.service';
import { inviteView } from './team-views';

const HOUR_MS = 3_600_000;

/**
 * Invitations by link: made by owners and admins (only owners invite owners), the link holding a
 * 256-bit token shown once (and e-mailed when SMTP_URL is set), stored as its SHA-256, working
 * once and until INVITE_TTL_HOURS have passed. Accepting creates the account with the password
 * chosen (or, for an e-mail with an account, asks for its password), adds the membership and
 * signs the person in.
 */
@Injectable()
export class InvitesService {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly authentication: AuthenticationService,
    private readonly accessChanges: AccessChangesService,
    private readonly mailer: InviteMailerService,
  ) {}

  async list(organizationId: string): Promise<Invite[]> {
    const now = new Date();
    const invites = await this.runtime.store.invites.listOpen(organizationId);
    const inviters = await this.emails(invites);
    return invites.map((invite) => inviteView(invite, invite.invitedBy === null ? null : (inviters.get(invite.invitedBy) ?? null), now));
  }

  async create(organizationId: string, actor: UserPrincipal, request: CreateInviteRequest): Promise<CreateInviteResponse> {
    const actorRole = actor.organizations.get(organizationId);
    const forbidden = actorRole === undefined ? 'You are not a member of this organization.' : roleChangeProblem(actorRole, undefined, request.role);
    if (forbidden) throw new DomainError('FORBIDDEN', forbidden);
    await checkProjectsOf(this.runtime.store, organizationId, request.projectRoles.map((one) => one.projectId), 'projectRoles');
    const existing = await this.runtime.store.users.findByEmail(request.email);
    if (existing && (await this.runtime.store.memberships.find(organizationId, existing.id))) {
      throw new DomainError('CONFLICT', `${request.email} is a member of this organization already; change their role instead.`, { errors: [{ path: 'email', message: 'already a member' }] });
    }
    const { token, hash } = generateInviteToken();
    const expiresAt = new Date(Date.now() + this.runtime.config.INVITE_TTL_HOURS * HOUR_MS);
    const invite = await this.runtime.store.invites.create({ organizationId, email: request.email, role: request.role, projectRoles: request.projectRoles, tokenHash: hash, invitedBy: actor.userId, expiresAt });
    // A fragment, not a query: browsers never send it to a server, so the token stays out of
    // access logs and Referer headers.
    const url = `${this.runtime.publicUrl}/invite#${token}`;
    const organization = await this.runtime.store.organizations.findById(organizationId);
    const emailed = await this.mailer.send({ to: invite.email, organizationName: organization?.name ?? 'an organization', invitedBy: actor.email, role: invite.role, url, expiresAt });
    return { invite: inviteView(invite, actor.email, new Date()), url, emailed };
  }

  async revoke(organizationId: string, id: string): Promise<void> {
    if (!(await this.runtime.store.invites.revoke(organizationId, id, new Date()))) {
      throw new DomainError('NOT_FOUND', 'This organization has no open invitation with that id.');
    }
  }

  /** What the acceptance page shows before asking for a password. */
  async lookup(token: string): Promise<InviteLookupResponse> {
    const invite = await this.usable(token, new Date());
    const organization = await this.runtime.store.organizations.findById(invite.organizationId);
    return {
      organizationName: organization?.name ?? '',
      email: invite.email,
      role: invite.role,
      expiresAt: invite.expiresAt.toISOString(),
      accountExists: (await this.runtime.store.users.findByEmail(invite.email)) !== null,
    };
  }

  /**
   * Accepts: a new account with the chosen password, or the existing account's password; the
   * invitation is used in the same transaction as the membership is added, so a link works once
   * even when two people race with it.
   */
  async accept(request: AcceptInviteRequest, client: ClientInfo): Promise<{ token: string; expiresAt: Date; user: SessionUser; organizationId: string; invite: InviteRecord }> {
    const now = new Date();
    const invite = await this.usable(request.token, now);
    const existing = await this.runtime.store.users.findByEmail(invite.email);
    if (existing) {
      await this.authentication.checkCredentials(invite.email, request.password, client);
    } else {
      parseOrThrow(z.object({ password: newPasswordSchema }), { password: request.password }, 'password');
    }
    const passwordHash = existing ? undefined : await hashPassword(request.password);
    const userId = await this.runtime.store.runInTransaction(async (repos) => {
      const user = existing ?? (await repos.users.create({ email: invite.email, name: request.name?.trim() || null, passwordHash: passwordHash as string }));
      if (!(await repos.invites.consume(invite.id, user.id, now))) throw gone('This invitation link has been used already.');
      if (await repos.memberships.find(invite.organizationId, user.id)) throw new DomainError('CONFLICT', 'You are a member of this organization already.');
      await repos.memberships.create({ userId: user.id, organizationId: invite.organizationId, role: invite.role });
      // Projects deleted since the invitation was made are skipped.
      const live = new Set((await repos.projects.listForOrganization(invite.organizationId)).map((project) => project.id));
      for (const { projectId, role } of invite.projectRoles) if (live.has(projectId)) await repos.memberships.setProjectRole(invite.organizationId, user.id, projectId, role);
      return user.id;
    });
    await this.accessChanges.publish({ kind: 'user', userId });
    const session = await this.authentication.startSession(userId, client);
    return { ...session, organizationId: invite.organizationId, invite };
  }

  /** The invitation of a token, if it can still be used; forged, used, revoked and expired links are refused, saying which. */
  private async usable(token: string, now: Date): Promise<InviteRecord> {
    const invite = looksLikeInviteToken(token) ? await this.runtime.store.invites.findByTokenHash(hashToken(token)) : null;
    if (!invite) throw new DomainError('NOT_FOUND', 'This invitation link is not valid. Check that it was copied whole, or ask for a new one.');
    if (invite.acceptedAt) throw gone('This invitation link has been used already. Sign in, or ask for a new invitation.');
    if (invite.revokedAt) throw gone('This invitation was withdrawn. Ask for a new one.');
    if (invite.expiresAt <= now) throw gone(`This invitation expired at ${invite.expiresAt.toISOString()}. Ask for a new one.`);
    return invite;
  }

  private async emails(invites: readonly InviteRecord[]): Promise<Map<string, string>> {
    const ids = [...new Set(invites.map((invite) => invite.invitedBy).filter((id): id is string => id !== null))];
    const users = await Promise.all(ids.map((id) => this.runtime.store.users.findById(id)));
    return new Map(users.filter((user) => user !== null).map((user) => [user.id, user.email]));
  }
}

function gone(message: string): DomainError {
  return new DomainError('GONE', message);
}
