import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, createApiKeyRequestSchema, type CreateApiKeyRequest } from '@vigil/contracts';
import { formatTime } from './time-format';

/** `/api/v1/api-keys?project=…`, or one key's path for revoking it. */
export function apiKeysPath(projectId: string, keyId?: string): string {
  const project = new URLSearchParams({ project: projectId });
  return `/api/v1/api-keys${keyId === undefined ? '' : `/${encodeURIComponent(keyId)}`}?${project.toString()}`;
}

export type ApiKeyStatus = 'active' | 'revoked';

export function apiKeyStatus(key: Pick<ApiKey, 'revokedAt'>): ApiKeyStatus {
  return key.revokedAt === null ? 'active' : 'revoked';
}

/** Adds or removes a scope, keeping the contract's order (ingest, read, configure, admin) so the request reads the same whichever box was ticked first. */
export function toggleScope(scopes: readonly ApiKeyScope[], scope: ApiKeyScope, checked: boolean): ApiKeyScope[] {
  const chosen = new Set(scopes);
  if (checked) chosen.add(scope);
  else chosen.delete(scope);
  return API_KEY_SCOPES.filter((one) => chosen.has(one));
}

export type NewApiKeyForm =
  | { ok: true; request: CreateApiKeyRequest }
  | { ok: false; errors: { name?: string; scopes?: string } };

/**
 * The create form checked with the API's own schema before sending, so a missing name or scope
 * is named next to its field instead of coming back as a 400.
 */
export function checkNewApiKey(name: string, scopes: readonly ApiKeyScope[]): NewApiKeyForm {
  const parsed = createApiKeyRequestSchema.safeParse({ name, scopes });
  if (parsed.success) return { ok: true, request: parsed.data };
  const errors: { name?: string; scopes?: string } = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] === 'name' ? 'name' : 'scopes';
    errors[field] ??= field === 'name' ? `Name ${issue.message}.` : 'Choose at least one scope: ingest, read, configure or admin.';
  }
  return { ok: false, errors };
}

/** What each scope lets a key do, shown beside its checkbox. */
export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  ingest: 'send metrics and logs',
  read: 'query metrics, logs and services',
  configure: 'change alert rules, notification channels, policies and silences',
  admin: 'manage this project’s API keys and settings',
};

/**
 * A first request to try with a new key, through this dashboard's origin (it forwards `/api/*`):
 * a read for read keys, else an ingest or the key list — whatever the key's scopes allow.
 */
export function apiKeyUsageExample(origin: string, secret: string, scopes: readonly ApiKeyScope[]): string[] {
  const header = `  -H 'Authorization: Bearer ${secret}'`;
  if (scopes.includes('read') || !scopes.includes('ingest')) {
    const path = scopes.includes('read') ? '/api/v1/metrics/names' : '/api/v1/api-keys';
    return [`curl ${origin}${path} \\`, header];
  }
  return [
    `curl -X POST ${origin}/api/v1/ingest/logs \\`,
    `${header} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"service":"checkout","severity":"info","message":"hello from my new key"}'`,
  ];
}

/** `2026-01-05 14:03` (the dashboard's time format, to the minute, or to the second with `seconds`); `Never` for a key not used yet. */
export function formatKeyTime(iso: string | null, seconds = false): string {
  if (iso === null) return 'Never';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatTime(ms, { date: true, seconds });
}
