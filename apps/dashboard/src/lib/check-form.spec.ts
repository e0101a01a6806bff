import type { CheckView } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { checkFormFromCheck, checkRequestFromForm, emptyCheckForm, jsonPathValue } from './check-form';

describe('check form', () => {
  it('reads an HTTP check with every option into the request', () => {
    const result = checkRequestFromForm({
      ...emptyCheckForm('http'),
      name: ' API health ',
      url: 'https://api.example.com/health',
      method: 'POST',
      headers: [{ key: 'x-token', value: 'secret' }],
      body: '{"ping":1}',
      expectedStatus: '200, 2xx',
      degradedAfterMs: '500',
      keywordText: 'ok',
      jsonPath: '$.status',
      jsonPathOp: 'equals',
      jsonPathValue: 'green',
      interval: '30s',
      timeoutMs: '5000',
      retries: '2',
      regions: 'eu, us',
      quorum: '2',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request).toMatchObject({
      kind: 'http',
      name: 'API health',
      intervalSeconds: 30,
      timeoutMs: 5000,
      retries: 2,
      regions: ['eu', 'us'],
      quorum: 2,
      spec: { method: 'POST', headers: { 'x-token': 'secret' }, body: '{"ping":1}', expectedStatus: ['200', '2xx'], degradedAfterMs: 500, keyword: { text: 'ok', present: true }, jsonPath: { path: '$.status', op: 'equals', value: 'green' } },
    });
  });

  it('names the fields that are wrong, the contract’s way', () => {
    const result = checkRequestFromForm({ ...emptyCheckForm('http'), url: 'ftp://x', interval: 'soon', timeoutMs: '999999', expectedStatus: '600' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toBe('must not be empty');
    expect(result.errors['spec.url']).toBeDefined();
    expect(result.errors.intervalSeconds).toBe('write a duration such as 30s, 5m, 1h or 1d');
    expect(result.errors['spec.expectedStatus']).toContain('use a status');
  });

  it('reads TCP, DNS and push checks', () => {
    const tcp = checkRequestFromForm({ ...emptyCheckForm('tcp'), name: 'db', host: 'db.internal', port: '5432' });
    expect(tcp.ok && tcp.request.spec).toEqual({ host: 'db.internal', port: 5432 });
    const dns = checkRequestFromForm({ ...emptyCheckForm('dns'), name: 'mx', dnsName: 'example.com', recordType: 'MX', expected: 'mx1.example.com, mx2.example.com' });
    expect(dns.ok && dns.request.spec).toEqual({ name: 'example.com', recordType: 'MX', expected: ['mx1.example.com', 'mx2.example.com'] });
    const push = checkRequestFromForm({ ...emptyCheckForm('push'), name: 'backup', period: '1d', grace: '30m' });
    expect(push.ok && push.request).toMatchObject({ kind: 'push', spec: { periodSeconds: 86_400, graceSeconds: 1_800 } });
    expect(push.ok && 'intervalSeconds' in push.request).toBe(false);
    const noPort = checkRequestFromForm({ ...emptyCheckForm('tcp'), name: 'db', host: 'db' });
    expect(!noPort.ok && noPort.errors['spec.port']).toBeTruthy();
  });

  it('compares JSON-path values as JSON where they parse', () => {
    expect(jsonPathValue('42')).toBe(42);
    expect(jsonPathValue('true')).toBe(true);
    expect(jsonPathValue('null')).toBeNull();
    expect(jsonPathValue('"42"')).toBe('42');
    expect(jsonPathValue('green')).toBe('green');
    expect(jsonPathValue('[1]')).toBe('[1]');
  });

  it('round-trips a stored check through the form', () => {
    const first = checkRequestFromForm({ ...emptyCheckForm('http'), name: 'web', url: 'http://127.0.0.1:8080/', keywordText: 'ok', keywordPresent: false, jsonPath: '$.n', jsonPathOp: 'lessThan', jsonPathValue: '5', interval: '90s' });
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const stored = { ...first.request, id: 'c', pushTokenPrefix: null, createdAt: '', updatedAt: '', state: {} } as unknown as CheckView;
    const again = checkRequestFromForm(checkFormFromCheck(stored));
    expect(again.ok && again.request).toEqual(first.request);
    expect(checkFormFromCheck(stored).interval).toBe('1m30s');
  });
});
