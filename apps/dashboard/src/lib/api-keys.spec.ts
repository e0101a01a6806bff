import { describe, expect, it } from 'vitest';
import { apiKeyStatus, apiKeysPath, apiKeyUsageExample, checkNewApiKey, formatKeyTime, toggleScope } from './api-keys';

describe('API key paths', () => {
  it('names the project, and the key when revoking', () => {
    expect(apiKeysPath('p-1')).toBe('/api/v1/api-keys?project=p-1');
    expect(apiKeysPath('p 1', 'k/2')).toBe('/api/v1/api-keys/k%2F2?project=p+1');
  });
});

describe('API key status', () => {
  it('is revoked once revokedAt is set', () => {
    expect(apiKeyStatus({ revokedAt: null })).toBe('active');
    expect(apiKeyStatus({ revokedAt: '2026-01-05T14:03:07.000Z' })).toBe('revoked');
  });
});

describe('scope checkboxes', () => {
  it('keep the contract order whatever the clicking order', () => {
    expect(toggleScope([], 'admin', true)).toEqual(['admin']);
    expect(toggleScope(['admin'], 'ingest', true)).toEqual(['ingest', 'admin']);
    expect(toggleScope(['ingest', 'admin'], 'ingest', true)).toEqual(['ingest', 'admin']);
    expect(toggleScope(['ingest', 'read'], 'ingest', false)).toEqual(['read']);
  });
});

describe('the create form', () => {
  it('sends a trimmed name and the chosen scopes', () => {
    expect(checkNewApiKey('  grafana ', ['read'])).toEqual({ ok: true, request: { name: 'grafana', scopes: ['read'] } });
  });

  it('names each field that is wrong', () => {
    expect(checkNewApiKey('   ', [])).toEqual({
      ok: false,
      errors: { name: 'Name must not be empty.', scopes: 'Choose at least one scope: ingest, read, configure or admin.' },
    });
    expect(checkNewApiKey('x'.repeat(101), ['ingest'])).toEqual({ ok: false, errors: { name: 'Name must be at most 100 characters.' } });
  });
});

describe('usage example', () => {
  const secret = 'vgl_secret';
  it('reads with a read key', () => {
    expect(apiKeyUsageExample('https://vigil.example', secret, ['read', 'admin'])).toEqual([
      'curl https://vigil.example/api/v1/metrics/names \\',
      "  -H 'Authorization: Bearer vgl_secret'",
    ]);
  });

  it('ingests with an ingest-only key, and lists keys with an admin-only key', () => {
    const ingest = apiKeyUsageExample('https://vigil.example', secret, ['ingest']);
    expect(ingest[0]).toBe('curl -X POST https://vigil.example/api/v1/ingest/logs \\');
    expect(ingest[1]).toBe("  -H 'Authorization: Bearer vgl_secret' \\");
    expect(JSON.parse(/-d '(.*)'$/.exec(ingest[3] ?? '')?.[1] ?? '')).toMatchObject({ message: expect.any(String) });
    expect(apiKeyUsageExample('https://vigil.example', secret, ['admin'])[0]).toBe('curl https://vigil.example/api/v1/api-keys \\');
  });
});

describe('key times', () => {
  it('show minutes in the local zone (UTC in tests), and Never when unused', () => {
    expect(formatKeyTime('2026-01-05T14:03:07.123Z')).toBe('2026-01-05 14:03');
    expect(formatKeyTime('2026-01-05T14:03:07.123Z', true)).toBe('2026-01-05 14:03:07');
    expect(formatKeyTime(null)).toBe('Never');
    expect(formatKeyTime('soon')).toBe('soon');
  });
});
