import { startStack, type Stack } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Bad input to the alerting API on the built standalone: for alert rules, notification channels,
// policies, silences and maintenance windows, every invalid body (wrong types, unknown fields,
// missing required fields, out-of-range numbers, bad regexes in matchers, bad cron or time zone,
// private or unresolvable channel URLs, reserved header names, broken templates, query shapes
// the engine does not support) is a 400 problem whose `errors[].path` names the field — and
// nothing is stored.

let stack: Stack;
let cookie: string;
let channelId: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers read field by field in assertions
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; contentType: string | null; json: any }> {
  const response = await fetch(`${stack.apiUrl}${path}?project=${stack.projectId ?? ''}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), json: text === '' ? null : JSON.parse(text) };
}

beforeAll(async () => {
  stack = await startStack();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const channel = await api('POST', '/api/v1/notification-channels', { name: 'on-call', kind: 'webhook', url: 'http://127.0.0.1:9/hook' });
  expect(channel.status, JSON.stringify(channel.json)).toBe(201);
  channelId = channel.json.channel.id;
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

type Case = [what: string, body: Record<string, unknown>, path: string, message?: RegExp];

const future = () => new Date(Date.now() + 3_600_000).toISOString();
const rule = (spec: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  name: 'Queue too deep',
  kind: 'metric_threshold',
  intervalSeconds: 10,
  spec: { query: { name: 'queue_depth' }, comparator: '>', critical: 100, ...spec },
  ...rest,
});
const ratio = (numerator: Record<string, unknown>, denominator: Record<string, unknown>) => ({
  name: 'Error ratio',
  kind: 'metric_ratio',
  spec: { numerator: { name: 'errors_total', fn: 'rate', ...numerator }, denominator: { name: 'requests_total', fn: 'rate', ...denominator }, comparator: '>', critical: 5 },
});
const { name: _name, ...ruleWithoutName } = rule();

const RULES: Case[] = [
  ['a name that is not a string', rule({}, { name: 42 }), 'name'],
  ['no name', ruleWithoutName, 'name'],
  ['an unknown field', rule({}, { colour: 'red' }), 'colour', /unknown field/],
  ['an unknown field in the spec', rule({ colour: 'red' }), 'spec.colour', /unknown field/],
  ['an unknown kind', rule({}, { kind: 'cpu_hot' }), 'kind'],
  ['an interval under 10 s', rule({}, { intervalSeconds: 5 }), 'intervalSeconds', /at least 10/],
  ['an interval that is not a number', rule({}, { intervalSeconds: '10' }), 'intervalSeconds'],
  ['a fractional for', rule({}, { forSeconds: 1.5 }), 'forSeconds'],
  ['a negative keep-firing-for', rule({}, { keepFiringForSeconds: -1 }), 'keepFiringForSeconds'],
  ['an unknown no-data handling', rule({}, { noData: 'maybe' }), 'noData'],
  ['a label name with a dash', rule({}, { labels: { 'team-name': 'x' } }), 'labels.team-name', /label names must match/],
  ['no comparator', rule({ comparator: undefined }), 'spec.comparator'],
  ['no threshold', rule({ critical: undefined }), 'spec.critical'],
  ['a warning threshold above the critical one', rule({ warning: 200 }), 'spec.warning'],
  ['a threshold that is not a number', rule({ critical: 'high' }), 'spec.critical'],
  ['a recovery threshold on the wrong side', rule({ recovery: 150 }), 'spec.recovery'],
  ['a window under 10 s', rule({ windowSeconds: 5 }), 'spec.windowSeconds'],
  ['an unknown reducer', rule({ reducer: 'median' }), 'spec.reducer'],
  ['an invalid metric name', rule({ query: { name: '9lives' } }), 'spec.query.name'],
  ['a matcher regex that does not compile', rule({ query: { name: 'queue_depth', matchers: [{ label: 'queue', op: '=~', value: '(unclosed' }] } }), 'spec.query.matchers[0].value'],
  ['a matcher regex with a lookahead (not RE2)', rule({ query: { name: 'queue_depth', matchers: [{ label: 'queue', op: '=~', value: '(?=a)b' }] } }), 'spec.query.matchers[0].value'],
  ['an unknown matcher operator', rule({ query: { name: 'queue_depth', matchers: [{ label: 'queue', op: '~', value: 'a' }] } }), 'spec.query.matchers[0].op'],
  ['quantile with agg (unsupported shape)', rule({ query: { name: 'latency_seconds', quantile: 0.99, agg: 'sum' } }), 'spec.query.quantile', /leave out fn, over and agg/],
  ['by without agg (unsupported shape)', rule({ query: { name: 'queue_depth', by: ['queue'] } }), 'spec.query.by', /add agg=sum\|avg\|min\|max\|count/],
  ['over with rate (unsupported shape)', rule({ query: { name: 'requests_total', fn: 'rate', over: 'max' } }), 'spec.query.over'],
  ['a window on raw values (unsupported shape)', rule({ query: { name: 'queue_depth', window: 60_000 } }), 'spec.query.window'],
  ['a ratio whose sides group differently (unsupported shape)', ratio({ agg: 'sum', by: ['service'] }, { agg: 'sum', by: ['route'] }), 'spec.denominator.by', /same labels/],
  ['a log count grouped by an unknown grouping', { name: 'Errors', kind: 'log_count', spec: { search: { q: 'error' }, groupBy: 'host', comparator: '>', critical: 10 } }, 'spec.groupBy'],
];

const channel = (rest: Record<string, unknown>) => ({ name: 'pager', kind: 'webhook', url: 'http://127.0.0.1:9/other', ...rest });
/** The changes each case makes: a whole channel to create, or the same fields alone to change one. */
const CHANNEL_CHANGES: Case[] = [
  ['an unknown kind', { kind: 'email' }, 'kind'],
  ['no URL', { url: undefined }, 'url'],
  ['a URL that is not http(s)', { url: 'ftp://127.0.0.1/hook' }, 'url'],
  ['a URL with credentials', { url: 'http://user:secret@127.0.0.1/hook' }, 'url'],
  ['a private address', { url: 'http://10.1.2.3/hook' }, 'url', /private/],
  ['the cloud metadata address', { url: 'http://169.254.169.254/latest/meta-data' }, 'url'],
  ['a host name that does not resolve', { url: 'http://no-such-host.invalid/hook' }, 'url'],
  ['a reserved header (signature)', { headers: { 'Webhook-Signature': 'v1,forged' } }, 'headers.Webhook-Signature', /may not be one of/],
  ['a reserved header (content-type)', { headers: { 'content-type': 'text/plain' } }, 'headers.content-type', /may not be one of/],
  ['a header name with a space', { headers: { 'x team': 'a' } }, 'headers.x team'],
  ['a header value that is not a string', { headers: { authorization: 42 } }, 'headers.authorization'],
  ['a broken Mustache template', { bodyTemplate: '{{#alerts}}{{ruleName}}' }, 'bodyTemplate'],
  ['a template naming an unknown field', { titleTemplate: '{{statusUpper}} {{rulename}}' }, 'titleTemplate', /rulename/],
  ['an unknown field (a secret cannot be sent in)', { secret: 'whsec_abc' }, 'secret', /unknown field/],
  ['an empty name', { name: '  ' }, 'name'],
  ['enabled that is not a boolean', { enabled: 'yes' }, 'enabled'],
];

const policy = (rest: Record<string, unknown>) => ({ name: 'everything', channelIds: [channelId], ...rest });
// A function: the channel's id is known once the stack runs.
const POLICIES = (): Case[] => [
  ['no channels', policy({ channelIds: [] }), 'channelIds'],
  ['a channel id that is not an id', policy({ channelIds: ['pager'] }), 'channelIds[0]'],
  ['a channel of no one', policy({ channelIds: ['00000000-0000-4000-8000-000000000000'] }), 'channelIds'],
  ['a negative group wait', policy({ groupWaitSeconds: -1 }), 'groupWaitSeconds'],
  ['a repeat interval under a minute', policy({ repeatIntervalSeconds: 10 }), 'repeatIntervalSeconds'],
  ['a group interval that is not a number', policy({ groupIntervalSeconds: 'often' }), 'groupIntervalSeconds'],
  ['a group-by label that is not a label name', policy({ groupBy: ['alert-name'] }), 'groupBy[0]'],
  ['an unknown severity', policy({ severities: ['info'] }), 'severities[0]'],
  ['a regex matcher that does not compile', policy({ matchers: [{ label: 'service', op: '=~', value: '[a-' }] }), 'matchers[0].value'],
  ['a regex matcher with nested repeats', policy({ matchers: [{ label: 'service', op: '=~', value: '(a+)+' }] }), 'matchers[0].value'],
  ['a matcher on a label that is not a label name', policy({ matchers: [{ label: 'service-name', op: '=', value: 'a' }] }), 'matchers[0].label'],
  ['a matcher with an unknown field', policy({ matchers: [{ label: 'service', op: '=', value: 'a', regex: true }] }), 'matchers[0].regex', /unknown field/],
  ['a negative position', policy({ position: -1 }), 'position'],
  ['an unknown field', policy({ receiver: 'ops' }), 'receiver', /unknown field/],
];

const silence = (rest: Record<string, unknown>) => ({ matchers: [{ label: 'alertname', op: '=', value: 'Queue too deep' }], endsAt: future(), comment: 'deploying', ...rest });
const SILENCES: Case[] = [
  ['no matchers', silence({ matchers: [] }), 'matchers'],
  ['an end that is not a time', silence({ endsAt: 'tomorrow' }), 'endsAt'],
  ['an end in the past', silence({ endsAt: new Date(Date.now() - 60_000).toISOString() }), 'endsAt'],
  ['a start after the end', silence({ startsAt: new Date(Date.now() + 7_200_000).toISOString() }), 'endsAt'],
  ['no comment', silence({ comment: '' }), 'comment'],
  ['a regex matcher with a backreference', silence({ matchers: [{ label: 'service', op: '=~', value: '(a)\\1' }] }), 'matchers[0].value'],
  ['an unknown field', silence({ createdBy: 'someone else' }), 'createdBy', /unknown field/],
];

const maintenance = (rest: Record<string, unknown>) => ({ name: 'Sunday upgrades', cron: '0 2 * * 0', durationMinutes: 60, timezone: 'Europe/Berlin', ...rest });
const WINDOWS: Case[] = [
  ['a cron minute out of range', maintenance({ cron: '61 2 * * 0' }), 'cron'],
  ['a cron expression with four fields', maintenance({ cron: '0 2 * *' }), 'cron'],
  ['a cron expression that is words', maintenance({ cron: 'every sunday at two' }), 'cron'],
  ['an unknown time zone', maintenance({ timezone: 'Mars/Olympus_Mons' }), 'timezone', /IANA/],
  ['a zero duration', maintenance({ durationMinutes: 0 }), 'durationMinutes'],
  ['a fractional duration', maintenance({ durationMinutes: 1.5 }), 'durationMinutes'],
  ['a regex matcher that does not compile', maintenance({ matchers: [{ label: 'env', op: '!~', value: '(' }] }), 'matchers[0].value'],
  ['an unknown field', maintenance({ startsAt: '2024-05-01T00:00:00Z' }), 'startsAt', /unknown field/],
];

/** Every case answered 400 as a problem naming its field; returns the problems for a look. */
async function expectRefused(method: string, path: string, cases: Case[]): Promise<void> {
  const wrong: string[] = [];
  for (const [what, body, field, message] of cases) {
    const answer = await api(method, path, body);
    const paths: string[] = (answer.json?.errors ?? []).map((error: { path: string }) => error.path);
    const problem = (answer.json?.errors ?? []).find((error: { path: string }) => error.path === field);
    const ok = answer.status === 400 && answer.contentType?.startsWith('application/problem+json') && problem !== undefined && (message === undefined || message.test(`${problem.message} ${answer.json.detail}`));
    if (!ok) wrong.push(`${method} ${path} with ${what}: ${answer.status} ${JSON.stringify(paths)} ${answer.json?.detail ?? ''}`);
  }
  expect(wrong).toEqual([]);
}

describe('bad input to the alerting API', () => {
  it('refuses every invalid alert rule, naming the field, and stores none', async () => {
    await expectRefused('POST', '/api/v1/alert-rules', RULES);
    expect((await api('GET', '/api/v1/alert-rules')).json.rules).toEqual([]);
    // A replace is checked the same way and leaves the rule as it was.
    const created = await api('POST', '/api/v1/alert-rules', rule());
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    await expectRefused('PUT', `/api/v1/alert-rules/${created.json.id}`, RULES.slice(0, 6));
    expect((await api('GET', `/api/v1/alert-rules/${created.json.id}`)).json).toMatchObject({ name: 'Queue too deep', intervalSeconds: 10, spec: { critical: 100 } });
    expect(await api('DELETE', `/api/v1/alert-rules/${created.json.id}`)).toMatchObject({ status: 204 });
  });

  it('refuses every invalid notification channel, naming the field, and stores none', async () => {
    await expectRefused('POST', '/api/v1/notification-channels', CHANNEL_CHANGES.map(([what, changes, path, message]): Case => [what, channel(changes), path, message]));
    expect((await api('GET', '/api/v1/notification-channels')).json.channels.map((one: { id: string }) => one.id)).toEqual([channelId]);
    // A change is checked the same way (kind cannot change at all) and leaves the channel as it was.
    await expectRefused('PATCH', `/api/v1/notification-channels/${channelId}`, CHANNEL_CHANGES.filter(([what]) => what !== 'no URL'));
    expect((await api('GET', `/api/v1/notification-channels/${channelId}`)).json).toMatchObject({ name: 'on-call', url: 'http://127.0.0.1:9/hook', headerNames: [], titleTemplate: null, enabled: true });
  });

  it('refuses every invalid notification policy, naming the field, and stores none', async () => {
    await expectRefused('POST', '/api/v1/notification-policies', POLICIES());
    expect((await api('GET', '/api/v1/notification-policies')).json.policies).toEqual([]);
  });

  it('refuses every invalid silence, naming the field, and stores none', async () => {
    await expectRefused('POST', '/api/v1/silences', SILENCES);
    expect((await api('GET', '/api/v1/silences')).json.silences).toEqual([]);
  });

  it('refuses every invalid maintenance window, naming the field, and stores none', async () => {
    await expectRefused('POST', '/api/v1/maintenance-windows', WINDOWS);
    expect((await api('GET', '/api/v1/maintenance-windows')).json.windows).toEqual([]);
  });
});
