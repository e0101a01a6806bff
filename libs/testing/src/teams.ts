/** A JSON answer of the API: status, parsed body (null when empty) and headers. */
export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
  body: any;
  headers: Headers;
}

/** Who calls: a session cookie (`vigil_session=…`), an API key, or nobody. */
export type Caller = { cookie: string } | { key: string } | undefined;

/** Calls the API as `caller`; a body is sent as JSON (or as is, with `contentType`). */
export async function callApi(apiUrl: string, method: string, path: string, caller: Caller, body?: unknown, contentType = 'application/json'): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (caller && 'cookie' in caller) headers['cookie'] = caller.cookie;
  if (caller && 'key' in caller) headers['authorization'] = `Bearer ${caller.key}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The `vigil_session=…` pair of an answer that set the session cookie. */
export function sessionCookieOf(answer: ApiAnswer): string {
  const cookie = /vigil_session=[^;]+/.exec(answer.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`no session cookie in the answer (${answer.status}: ${JSON.stringify(answer.body)})`);
  return cookie;
}

export async function signIn(apiUrl: string, email: string, password: string): Promise<{ cookie: string }> {
  const answer = await callApi(apiUrl, 'POST', '/api/v1/auth/login', undefined, { email, password });
  if (answer.status !== 200) throw new Error(`sign-in as ${email} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return { cookie: sessionCookieOf(answer) };
}

/**
 * Invites `email` into the organization as `inviter` and accepts with `password`: the member's
 * user id, session and the invitation's link token.
 */
export async function addMember(
  apiUrl: string,
  inviter: Caller,
  organizationId: string,
  member: { email: string; password: string; role: string; projectRoles?: { projectId: string; role: string }[] },
): Promise<{ userId: string; cookie: string; token: string }> {
  const invite = await callApi(apiUrl, 'POST', `/api/v1/invites?organization=${organizationId}`, inviter, { email: member.email, role: member.role, projectRoles: member.projectRoles ?? [] });
  if (invite.status !== 201) throw new Error(`inviting ${member.email} answered ${invite.status}: ${JSON.stringify(invite.body)}`);
  const token = String(invite.body.url).split('#')[1] ?? '';
  const accepted = await callApi(apiUrl, 'POST', '/api/v1/invites/accept', undefined, { token, password: member.password });
  if (accepted.status !== 200) throw new Error(`accepting the invitation of ${member.email} answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  return { userId: accepted.body.id, cookie: sessionCookieOf(accepted), token };
}
