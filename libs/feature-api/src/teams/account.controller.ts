import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { hashPassword } from '@vigil/auth';
import { type AccountSession, changePasswordRequestSchema } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Audit, type AuditDraft } from '../audit/audit-draft';
import { AccessChangesService } from '../auth/access-changes.service';
import { CurrentUser, RequireSession } from '../auth/access.guard';
import { AuthenticationService, clientOf, type UserPrincipal } from '../auth/authentication.service';
import { clearSessionCookie } from '../auth/session-cookie';
import { ApiJsonBody } from '../http/openapi';
import { sessionView } from './team-views';

/** The signed-in person's own account: their password and their sessions (docs/teams.md). */
@ApiTags('account')
@Controller('api/v1/account')
export class AccountController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly authentication: AuthenticationService,
    private readonly accessChanges: AccessChangesService,
  ) {}

  /** Checked like a sign-in (and counted by its limits); every other session of the person ends. */
  @Post('password')
  @HttpCode(204)
  @RequireSession()
  @ApiOperation({ summary: 'Change your password (the current one is asked); your other sessions end' })
  @ApiJsonBody(changePasswordRequestSchema)
  async changePassword(@CurrentUser() user: UserPrincipal, @Body() body: unknown, @Req() request: FastifyRequest, @Audit() audit: AuditDraft): Promise<void> {
    const { currentPassword, newPassword } = parseOrThrow(changePasswordRequestSchema, body, 'password change');
    try {
      await this.authentication.checkCredentials(user.email, currentPassword, clientOf(request));
    } catch (error) {
      // A 401 would read as "signed out" to the dashboard; the session is fine, the field is wrong.
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
        throw new DomainError('VALIDATION_FAILED', 'The current password is wrong.', { errors: [{ path: 'currentPassword', message: 'is wrong' }] });
      }
      throw error;
    }
    await this.runtime.store.users.updatePasswordHash(user.userId, await hashPassword(newPassword));
    const ended = await this.runtime.store.sessions.deleteAllForUser(user.userId, user.sessionId);
    await this.accessChanges.publish({ kind: 'user', userId: user.userId });
    audit.targetId = user.userId;
    // Named so that masking (which hides any field called …password) keeps what happened.
    audit.describe({ before: null, after: { passwordChanged: true, otherSessionsEnded: ended } });
  }

  @Get('sessions')
  @RequireSession()
  @ApiOperation({ summary: 'Your sessions that have not expired, most recently used first' })
  async sessions(@CurrentUser() user: UserPrincipal): Promise<{ sessions: AccountSession[] }> {
    return { sessions: (await this.runtime.store.sessions.listForUser(user.userId, new Date())).map((session) => sessionView(session, user.sessionId)) };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @RequireSession()
  @ApiOperation({ summary: 'End one of your sessions (this one signs you out)' })
  async endSession(@CurrentUser() user: UserPrincipal, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    if (!(await this.runtime.store.sessions.deleteForUser(user.userId, id))) throw new DomainError('NOT_FOUND', 'You have no session with that id.');
    await this.accessChanges.publish({ kind: 'session', sessionId: id });
    if (id === user.sessionId) clearSessionCookie(reply);
  }
}
