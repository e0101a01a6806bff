import type { Channel } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { channelFormFrom, createChannelRequest, emptyChannelForm, updateChannelRequest } from './channel-form';

const channel: Channel = {
  id: 'c1',
  name: 'on-call',
  kind: 'webhook',
  url: 'https://hooks.example.com/vigil',
  headerNames: ['authorization'],
  titleTemplate: '{{statusUpper}} {{ruleNames}}',
  bodyTemplate: null,
  enabled: true,
  disabledReason: null,
  secretPrefix: 'whsec_AbCd',
  previousSecretValidUntil: null,
  createdAt: '',
  updatedAt: '',
};

describe('createChannelRequest', () => {
  it('makes the contract’s request with headers from the rows and no empty templates', () => {
    const result = createChannelRequest({ ...emptyChannelForm(), name: 'on-call', url: ' https://hooks.example.com/x ', headers: [{ key: 'authorization', value: 'Bearer t' }, { key: '', value: '' }] });
    expect(result).toEqual({ ok: true, request: { name: 'on-call', kind: 'webhook', url: 'https://hooks.example.com/x', headers: { authorization: 'Bearer t' }, enabled: true } });
  });

  it('names a bad URL, a reserved header and a missing name', () => {
    const result = createChannelRequest({ ...emptyChannelForm(), url: 'ftp://x', headers: [{ key: 'webhook-signature', value: 'x' }] });
    if (result.ok) throw new Error('expected problems');
    expect(result.errors.name).toBe('must not be empty');
    expect(result.errors.url).toContain('http(s) URL');
    expect(result.errors.headers).toContain('"webhook-signature" may not be one of');
  });

  it('refuses a URL with credentials, pointing at headers instead', () => {
    const result = createChannelRequest({ ...emptyChannelForm(), name: 'x', url: 'https://user:pw@hooks.example.com' });
    expect(result.ok ? undefined : result.errors.url).toContain('headers');
  });
});

describe('updateChannelRequest', () => {
  it('sends nothing when nothing changed', () => {
    expect(updateChannelRequest(channelFormFrom(channel), channel)).toEqual({ ok: true, request: undefined });
  });

  it('sends only the changed fields; an emptied template goes back to the default', () => {
    const form = { ...channelFormFrom(channel), url: 'https://hooks.example.com/v2', titleTemplate: '', enabled: false };
    expect(updateChannelRequest(form, channel)).toEqual({ ok: true, request: { url: 'https://hooks.example.com/v2', titleTemplate: null, enabled: false } });
  });

  it('replaces the headers only when asked, and may remove them all', () => {
    const form = { ...channelFormFrom(channel), replaceHeaders: true };
    expect(updateChannelRequest(form, channel)).toEqual({ ok: true, request: { headers: {} } });
    expect(updateChannelRequest({ ...form, headers: [{ key: 'x-token', value: 't' }] }, channel)).toEqual({ ok: true, request: { headers: { 'x-token': 't' } } });
  });
});
