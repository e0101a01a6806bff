import { SESSION_COOKIE } from '@vigil/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The session cookie: HttpOnly (no script reads it), SameSite=Lax, Secure behind HTTPS. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: { token: string; expiresAt: Date }): void {
  void reply.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https', expires: session.expiresAt });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
