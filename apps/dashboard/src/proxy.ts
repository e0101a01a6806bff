import { SESSION_COOKIE } from '@vigil/contracts';
import { NextResponse, type NextRequest } from 'next/server';

/** Pages anyone may open without a session: signing in, and accepting an invitation (its link is the credential). */
const PUBLIC_PAGES = new Set(['/login', '/invite']);
/** Public status pages (`/status/<slug>`): for a project's customers, who have no account. */
const PUBLIC_PREFIXES = ['/status/'];

function isPublicPage(pathname: string): boolean {
  return PUBLIC_PAGES.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * Runs on Next's server before every page and `/api` request:
 * - `/api/*` is forwarded to the Vigil API, so the browser stays on one origin and the API's
 *   HttpOnly session cookie is first-party. This is a rewrite here rather than in
 *   `next.config.ts` because config rewrites are fixed at build time and API_INTERNAL_URL is read
 *   when the dashboard starts. Next marks a rewritten answer with `x-middleware-rewrite`, which here
 *   would name the API's internal address; server.mjs removes it from every answer.
 * - pages other than /login, /invite and the public status pages need the session cookie; without one the person is sent to
 *   `/login?next=…`. This is only the optimistic check: the API decides, and a 401 from it also
 *   sends the browser to /login (lib/api-client.ts).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    // X-Forwarded-For is the client's address, set by the dashboard's server (server.mjs) over
    // whatever a browser sent; the API believes it from this proxy (TRUST_PROXY) for sign-in limits.
    return NextResponse.rewrite(new URL(`${pathname}${search}`, apiInternalUrl()));
  }
  if (isPublicPage(pathname) || request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const login = new URL('/login', request.url);
  if (pathname !== '/') login.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

function apiInternalUrl(): string {
  return (process.env['API_INTERNAL_URL'] ?? 'http://127.0.0.1:4318').replace(/\/+$/, '');
}

export const config = {
  // Static assets never need a session.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)'],
};
