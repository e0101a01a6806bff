import { describe, expect, it } from 'vitest';
import { attributeSuggestionRequest, attributeSuggestionTexts, isAttributeFilter, isAttributeFilterIncomplete, logsHistogramPath, logsSearchPath, logsStateFromSearch, logsStateToSearch, logsTailPath } from './logs-query';
import { searchRecord } from './search-params';

describe('logs explorer state', () => {
  it('restores exactly what it wrote', () => {
    const state = {
      q: 'payment "card declined" -retry',
      services: ['checkout', 'cart'],
      severities: ['warn' as const, 'error' as const],
      attrs: ['region=eu', 'resource.host.name!=a'],
      traceId: 'abc',
      range: { kind: 'preset' as const, preset: '6h' as const },
      live: true,
    };
    expect(logsStateFromSearch(searchRecord(logsStateToSearch(state, 'p')))).toEqual(state);
  });

  it('drops unknown severities and malformed attribute filters', () => {
    const state = logsStateFromSearch({ severity: ['info', 'loud'], attr: ['a=b', 'novalue', '=x'] });
    expect(state.severities).toEqual(['info']);
    expect(state.attrs).toEqual(['a=b']);
    expect(isAttributeFilter('key!=')).toBe(true);
  });

  it('sends the same filters to search, histogram and tail', () => {
    const filters = { q: 'boom', services: ['a'], severities: ['error' as const], attrs: ['k=v'], traceId: undefined };
    const range = { from: 1, to: 2 };
    expect(logsSearchPath('p', filters, range, 'c1', 50)).toBe('/api/v1/logs?project=p&q=boom&service=a&severity=error&attr=k%3Dv&from=1&to=2&limit=50&cursor=c1');
    expect(logsHistogramPath('p', filters, range, 1000)).toBe('/api/v1/logs/histogram?project=p&q=boom&service=a&severity=error&attr=k%3Dv&from=1&to=2&step=1000');
    expect(logsTailPath('p', filters)).toBe('/api/v1/logs/tail?project=p&q=boom&service=a&severity=error&attr=k%3Dv');
  });
});

describe('attribute suggestions', () => {
  it('suggest keys before an operator and one key’s values after it, nothing for resource attributes', () => {
    expect(attributeSuggestionRequest('http.ro')).toEqual({ kind: 'keys', prefix: 'http.ro' });
    expect(attributeSuggestionRequest('')).toEqual({ kind: 'keys', prefix: '' });
    expect(attributeSuggestionRequest('http.route=/p')).toEqual({ kind: 'values', key: 'http.route', op: '=', prefix: '/p' });
    expect(attributeSuggestionRequest('region!=')).toEqual({ kind: 'values', key: 'region', op: '!=', prefix: '' });
    expect(attributeSuggestionRequest('resource.host=')).toBeUndefined();
    expect(attributeSuggestionRequest('=x')).toBeUndefined();
  });

  it('show keys as `key=` and values as whole filters', () => {
    expect(attributeSuggestionTexts({ kind: 'keys', prefix: '' }, ['order_id', 'region'])).toEqual(['order_id=', 'region=']);
    expect(attributeSuggestionTexts({ kind: 'values', key: 'region', op: '!=', prefix: '' }, ['eu', 'us'])).toEqual(['region!=eu', 'region!=us']);
  });

  it('treat a key with an operator and no value as a step, not a filter to add', () => {
    expect(isAttributeFilterIncomplete('region=')).toBe(true);
    expect(isAttributeFilterIncomplete('region!=')).toBe(true);
    expect(isAttributeFilterIncomplete('region=eu')).toBe(false);
    expect(isAttributeFilterIncomplete('=')).toBe(false);
    expect(isAttributeFilterIncomplete('a=b=')).toBe(false);
  });
});
