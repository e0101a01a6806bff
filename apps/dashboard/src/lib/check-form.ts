import {
  type CheckKind,
  type CheckRequest,
  type CheckRequestInput,
  checkRequestSchema,
  type CheckView,
  type DnsCheckSpec,
  type DnsRecordType,
  HTTP_METHODS,
  type HttpCheckSpec,
  JSON_PATH_OPERATORS,
  type PushCheckSpec,
  type TcpCheckSpec,
} from '@vigil/contracts';
import { formatDuration, parseDuration } from './durations';
import { failed, type FieldErrors, type FormResult, placeErrors } from './form-errors';
import { listText, numberText } from './form-text';
import { type KeyValueRow, recordFromRows, rowsFromRecord } from './key-value-rows';

/**
 * A check as the create/edit form holds it: every kind's fields at once (switching the kind keeps
 * what was typed), numbers and lists as text, durations as `30s`/`5m`. Read into the contract's
 * request and checked with its schema before sending; the API's 400 lands on the same fields.
 */
export interface CheckForm {
  kind: CheckKind;
  name: string;
  description: string;
  enabled: boolean;
  labels: KeyValueRow[];
  /** '' for none. */
  parentId: string;
  interval: string;
  timeoutMs: string;
  retries: string;
  /** Comma-separated; empty: every region with a prober. */
  regions: string;
  quorum: string;
  url: string;
  method: (typeof HTTP_METHODS)[number];
  headers: KeyValueRow[];
  body: string;
  followRedirects: boolean;
  maxRedirects: string;
  /** Comma-separated: `200`, `2xx`, `200-299`. */
  expectedStatus: string;
  degradedAfterMs: string;
  keywordText: string;
  keywordPresent: boolean;
  keywordCaseSensitive: boolean;
  jsonPath: string;
  jsonPathOp: (typeof JSON_PATH_OPERATORS)[number];
  /** JSON (a number, true, null, "text") or bare text. */
  jsonPathValue: string;
  tlsExpiryWarningDays: string;
  ignoreTlsErrors: boolean;
  host: string;
  port: string;
  dnsName: string;
  recordType: DnsRecordType;
  /** Comma-separated. */
  expected: string;
  resolver: string;
  period: string;
  grace: string;
}

/** Request paths the form shows messages beside (the API's `errors[].path`). */
export const CHECK_FIELDS = [
  'kind',
  'name',
  'description',
  'labels',
  'parentId',
  'intervalSeconds',
  'timeoutMs',
  'retries',
  'regions',
  'quorum',
  'spec.url',
  'spec.method',
  'spec.headers',
  'spec.body',
  'spec.maxRedirects',
  'spec.expectedStatus',
  'spec.degradedAfterMs',
  'spec.keyword',
  'spec.jsonPath',
  'spec.tlsExpiryWarningDays',
  'spec.host',
  'spec.port',
  'spec.name',
  'spec.recordType',
  'spec.expected',
  'spec.resolver',
  'spec.periodSeconds',
  'spec.graceSeconds',
] as const;
export type CheckField = (typeof CHECK_FIELDS)[number];
export type CheckFieldErrors = FieldErrors<CheckField>;

/** The id of a field's message (and its input's aria-describedby): `check-spec-url-error`. */
export const fieldErrorId = (field: CheckField) => `check-${field.replace(/\./g, '-')}-error`;

export function emptyCheckForm(kind: CheckKind = 'http'): CheckForm {
  return {
    kind,
    name: '',
    description: '',
    enabled: true,
    labels: [],
    parentId: '',
    interval: '1m',
    timeoutMs: '10000',
    retries: '1',
    regions: '',
    quorum: '1',
    url: '',
    method: 'GET',
    headers: [],
    body: '',
    followRedirects: true,
    maxRedirects: '5',
    expectedStatus: '200-399',
    degradedAfterMs: '',
    keywordText: '',
    keywordPresent: true,
    keywordCaseSensitive: false,
    jsonPath: '',
    jsonPathOp: 'exists',
    jsonPathValue: '',
    tlsExpiryWarningDays: '14',
    ignoreTlsErrors: false,
    host: '',
    port: '',
    dnsName: '',
    recordType: 'A',
    expected: '',
    resolver: '',
    period: '1h',
    grace: '5m',
  };
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** The stored check in the form (its spec's defaults are filled in by the API, so every field is there). */
export function checkFormFromCheck(check: CheckView): CheckForm {
  const form: CheckForm = {
    ...emptyCheckForm(check.kind),
    name: check.name,
    description: check.description,
    enabled: check.enabled,
    labels: rowsFromRecord(check.labels),
    parentId: check.parentId ?? '',
    interval: check.intervalSeconds === null ? '1m' : formatDuration(check.intervalSeconds),
    timeoutMs: text(check.timeoutMs ?? 10_000),
    retries: text(check.retries ?? 1),
    regions: check.regions.join(', '),
    quorum: text(check.quorum ?? 1),
  };
  switch (check.kind) {
    case 'http': {
      const spec = check.spec as HttpCheckSpec;
      return {
        ...form,
        url: spec.url,
        method: spec.method,
        headers: rowsFromRecord(spec.headers),
        body: spec.body ?? '',
        followRedirects: spec.followRedirects,
        maxRedirects: text(spec.maxRedirects),
        expectedStatus: spec.expectedStatus.join(', '),
        degradedAfterMs: text(spec.degradedAfterMs),
        keywordText: spec.keyword?.text ?? '',
        keywordPresent: spec.keyword?.present ?? true,
        keywordCaseSensitive: spec.keyword?.caseSensitive ?? false,
        jsonPath: spec.jsonPath?.path ?? '',
        jsonPathOp: spec.jsonPath?.op ?? 'exists',
        jsonPathValue: spec.jsonPath?.value === undefined ? '' : typeof spec.jsonPath.value === 'string' ? spec.jsonPath.value : JSON.stringify(spec.jsonPath.value),
        tlsExpiryWarningDays: text(spec.tlsExpiryWarningDays),
        ignoreTlsErrors: spec.ignoreTlsErrors,
      };
    }
    case 'tcp': {
      const spec = check.spec as TcpCheckSpec;
      return { ...form, host: spec.host, port: text(spec.port), degradedAfterMs: text(spec.degradedAfterMs) };
    }
    case 'dns': {
      const spec = check.spec as DnsCheckSpec;
      return { ...form, dnsName: spec.name, recordType: spec.recordType, expected: spec.expected.join(', '), resolver: spec.resolver ?? '', degradedAfterMs: text(spec.degradedAfterMs) };
    }
    case 'push': {
      const spec = check.spec as PushCheckSpec;
      return { ...form, period: formatDuration(spec.periodSeconds), grace: formatDuration(spec.graceSeconds) };
    }
  }
}

/** A JSON-path comparison value: JSON where it parses (`42`, `true`, `null`, `"42"`), else the text itself. */
export function jsonPathValue(value: string): string | number | boolean | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed === 'string' || typeof parsed === 'number' || typeof parsed === 'boolean') return parsed;
  } catch {
    // Not JSON: compared as text.
  }
  return value;
}

function httpSpec(form: CheckForm, own: CheckFieldErrors): Record<string, unknown> {
  const headers = recordFromRows(form.headers);
  if (!headers.ok) own['spec.headers'] = headers.message;
  return {
    url: form.url.trim(),
    method: form.method,
    headers: headers.ok ? headers.record : {},
    ...(form.body === '' ? {} : { body: form.body }),
    followRedirects: form.followRedirects,
    maxRedirects: numberText(form.maxRedirects) ?? 5,
    expectedStatus: listText(form.expectedStatus),
    ...(form.degradedAfterMs.trim() === '' ? {} : { degradedAfterMs: numberText(form.degradedAfterMs) }),
    ...(form.keywordText === '' ? {} : { keyword: { text: form.keywordText, present: form.keywordPresent, caseSensitive: form.keywordCaseSensitive } }),
    ...(form.jsonPath.trim() === '' ? {} : { jsonPath: { path: form.jsonPath.trim(), op: form.jsonPathOp, ...(form.jsonPathOp === 'exists' || form.jsonPathValue === '' ? {} : { value: jsonPathValue(form.jsonPathValue) }) } }),
    tlsExpiryWarningDays: numberText(form.tlsExpiryWarningDays) ?? 14,
    ignoreTlsErrors: form.ignoreTlsErrors,
  };
}

function spec(form: CheckForm, own: CheckFieldErrors): Record<string, unknown> {
  const degraded = form.degradedAfterMs.trim() === '' ? {} : { degradedAfterMs: numberText(form.degradedAfterMs) };
  switch (form.kind) {
    case 'http':
      return httpSpec(form, own);
    case 'tcp':
      return { host: form.host.trim(), port: numberText(form.port) ?? Number.NaN, ...degraded };
    case 'dns':
      return { name: form.dnsName.trim(), recordType: form.recordType, expected: listText(form.expected), ...(form.resolver.trim() === '' ? {} : { resolver: form.resolver.trim() }), ...degraded };
    case 'push':
      return { periodSeconds: duration(form.period, 'spec.periodSeconds', own), graceSeconds: duration(form.grace, 'spec.graceSeconds', own) };
  }
}

function duration(value: string, field: CheckField, own: CheckFieldErrors): number {
  const seconds = parseDuration(value);
  if (seconds === undefined) own[field] = 'write a duration such as 30s, 5m, 1h or 1d';
  return seconds ?? Number.NaN;
}

/** The request the form makes, or the messages to show beside its fields. */
export function checkRequestFromForm(form: CheckForm): FormResult<CheckRequest, CheckField> {
  const own: CheckFieldErrors = {};
  const labels = recordFromRows(form.labels);
  if (!labels.ok) own.labels = labels.message;
  const common = { name: form.name, description: form.description, enabled: form.enabled, labels: labels.ok ? labels.record : {}, parentId: form.parentId === '' ? null : form.parentId };
  const probed =
    form.kind === 'push'
      ? {}
      : {
          intervalSeconds: duration(form.interval, 'intervalSeconds', own),
          timeoutMs: numberText(form.timeoutMs) ?? Number.NaN,
          retries: numberText(form.retries) ?? Number.NaN,
          regions: listText(form.regions),
          quorum: numberText(form.quorum) ?? Number.NaN,
        };
  const request = { ...common, ...probed, kind: form.kind, spec: spec(form, own) } as CheckRequestInput;
  const parsed = checkRequestSchema.safeParse(request);
  if (!parsed.success) return failed(own, placeErrors(parsed.error.issues, CHECK_FIELDS));
  if (Object.keys(own).length > 0) return failed(own);
  return { ok: true, request: parsed.data };
}
