import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type LoginRequest, loginRequestSchema, SESSION_COOKIE, type SessionUser } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditExempt } from '../audit/audit-draft';
import { ApiJsonBody } from '../http/openapi';
import { AccessChangesService } from './access-changes.service';
import { CurrentUser, RequireSession } from './access.guard';
import { AuthenticationService, clientOf, type UserPrincipal } from './authentication.service';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly accessChanges: AccessChangesService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @AuditExempt('signing in changes no configuration; failed attempts are counted by the sign-in limits')
  @ApiOperation({ summary: 'Sign in; sets the HttpOnly session cookie' })
  @ApiJsonBody(loginRequestSchema)
  async login(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionUser> {
    const { email, password }: LoginRequest = parseOrThrow(loginRequestSchema, body, 'sign-in request');
    const session = await this.authentication.login(email, password, clientOf(request));
    setSessionCookie(request, reply, session);
    return session.user;
  }

  @Post('logout')
  @HttpCode(204)
  @AuditExempt('signing out changes no configuration')
  @ApiOperation({ summary: 'Sign out and end the session' })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = request.cookies[SESSION_COOKIE];
    const sessionId = token ? await this.authentication.logout(token) : undefined;
    // Other replicas forget it at once too, rather than when their 10 s cache expires.
    if (sessionId !== undefined) await this.accessChanges.publish({ kind: 'session', sessionId });
    clearSessionCookie(reply);
  }

  @Get('me')
  @RequireSession()
  @ApiOperation({ summary: 'The signed-in person, their organizations and projects, with their role in each' })
  me(@CurrentUser() user: UserPrincipal): Promise<SessionUser> {
    return this.authentication.describeUser(user.userId);
  }
}
