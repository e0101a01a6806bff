import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@vigil/auth';
import { type LoginRequest, loginRequestSchema, SESSION_COOKIE, type SessionUser } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequireSession } from './access.guard';
import { AuthenticationService } from './authentication.service';
import { ApiJsonBody } from '../http/openapi';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly authentication: AuthenticationService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; sets the HttpOnly session cookie' })
  @ApiJsonBody(loginRequestSchema)
  async login(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionUser> {
    const { email, password }: LoginRequest = parseOrThrow(loginRequestSchema, body, 'sign-in request');
    const session = await this.authentication.login(email, password, request.ip);
    void reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: request.protocol === 'https',
      expires: session.expiresAt,
    });
    return session.user;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out and end the session' })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await this.authentication.logout(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @RequireSession()
  @ApiOperation({ summary: 'The signed-in person and their projects' })
  me(@CurrentPrincipal() principal: Principal): Promise<SessionUser> {
    if (principal.kind !== 'user') throw new Error('unreachable: RequireSession admits people only');
    return this.authentication.describeUser(principal.userId);
  }
}
