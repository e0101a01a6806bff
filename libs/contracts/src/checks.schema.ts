import { z } from 'zod';
import { LABEL_NAME_PATTERN } from './metrics.schema';

/**
 * Uptime checks (docs/checks.md): HTTP(S), TCP connect and DNS checks run by the prober in every
 * region on their interval; push checks are pinged by the job they watch. One schema for the API,
 * the prober and the dashboard.
 */

const labelName = z.string().regex(LABEL_NAME_PATTERN, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*');
const seconds = (min: number, max: number) => z.number().int('must be a whole number of seconds').min(min, `must be at least ${min} s`).max(max, `must be at most ${max} s`);
const milliseconds = (min: number, max: number) => z.number().int('must be a whole number of milliseconds').min(min, `must be at least ${min} ms`).max(max, `must be at most ${max} ms`);

export const CHECK_KINDS = ['http', 'tcp', 'dns', 'push'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** What one result says: the three outcomes a probe can have. */
export const CHECK_RESULT_STATUSES = ['up', 'degraded', 'down'] as const;
export type CheckResultStatus = (typeof CHECK_RESULT_STATUSES)[number];
/** A check's state: no result yet (`pending`), an outcome, or `paused` (disabled). */
export const CHECK_STATUSES = ['pending', 'up', 'degraded', 'down', 'paused'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Region names as prober processes are configured with (`PROBER_REGION`). */
export const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const regionSchema = z.string().regex(REGION_PATTERN, 'a region is 1–32 lower-case letters, digits or -, starting with a letter or digit');

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** `200`, `2xx`, or `200-299`. */
export const STATUS_SET_PATTERN = /^([1-5][0-9][0-9]|[1-5]xx|[1-5][0-9][0-9]-[1-5][0-9][0-9])$/;

const degradedAfterMs = milliseconds(1, 600_000).optional();

/** Header names a check may not set: the request's framing is the prober's. */
const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'keep-alive', 'trailer']);

export const JSON_PATH_OPERATORS = ['exists', 'equals', 'notEquals', 'contains', 'lessThan', 'greaterThan'] as const;

export const httpCheckSpecSchema = z
  .strictObject({
    url: z
      .url('must be an absolute http:// or https:// URL')
      .max(2048)
      .refine((value) => /^https?:\/\//i.test(value), 'must be an http:// or https:// URL'),
    method: z.enum(HTTP_METHODS).default('GET'),
    headers: z
      .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name'), z.string().max(4096).regex(/^[^\r\n]*$/, 'must be one line'))
      .refine((headers) => Object.keys(headers).length <= 50, 'at most 50 headers')
      .refine((headers) => Object.keys(headers).every((name) => !FORBIDDEN_HEADERS.has(name.toLowerCase())), 'host, content-length, transfer-encoding and connection are set by the prober')
      .default({}),
    body: z.string().max(65_536, 'at most 64 KiB').optional(),
    followRedirects: z.boolean().default(true),
    maxRedirects: z.number().int().min(1, 'must be at least 1').max(10, 'must be at most 10').default(5),
    /** Statuses that count as up: `200`, `2xx` or `200-299`; default 200–399. */
    expectedStatus: z.array(z.string().regex(STATUS_SET_PATTERN, 'use a status (200), a class (2xx) or a range (200-299)')).min(1).max(20).default(['200-399']),
    /** Up but slower than this: degraded. */
    degradedAfterMs,
    keyword: z
      .strictObject({
        text: z.string().min(1, 'must not be empty').max(1024),
        /** true: the body must contain it; false: it must not. */
        present: z.boolean().default(true),
        caseSensitive: z.boolean().default(false),
      })
      .optional(),
    /** A JSONPath (jsonpath-plus syntax) into the JSON body, and what its first match must satisfy. */
    jsonPath: z
      .strictObject({
        path: z.string().min(1).max(512),
        op: z.enum(JSON_PATH_OPERATORS).default('exists'),
        value: z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]).optional(),
      })
      .superRefine((assertion, ctx) => {
        if (assertion.op !== 'exists' && assertion.value === undefined) ctx.addIssue({ code: 'custom', message: `give the value to compare with (${assertion.op})`, path: ['value'] });
        if ((assertion.op === 'lessThan' || assertion.op === 'greaterThan') && typeof assertion.value !== 'number') ctx.addIssue({ code: 'custom', message: `${assertion.op} compares numbers`, path: ['value'] });
      })
      .optional(),
    /** HTTPS: a certificate expiring within this many days makes the check degraded (0: never). */
    tlsExpiryWarningDays: z.number().int().min(0).max(365).default(14),
    /** HTTPS: accept certificates that do not verify (self-signed, expired, wrong name); their expiry is still read. */
    ignoreTlsErrors: z.boolean().default(false),
  })
  .superRefine((spec, ctx) => {
    if (spec.body !== undefined && (spec.method === 'GET' || spec.method === 'HEAD')) ctx.addIssue({ code: 'custom', message: `a ${spec.method} request has no body; use POST, PUT or PATCH`, path: ['body'] });
  });
export type HttpCheckSpec = z.output<typeof httpCheckSpecSchema>;

const hostSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(253)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]+:[0-9a-fA-F:.]*|[A-Za-z0-9._-]+)$/, 'must be a host name or an IP address');

export const tcpCheckSpecSchema = z.strictObject({
  host: hostSchema,
  port: z.number().int().min(1, 'must be 1–65535').max(65_535, 'must be 1–65535'),
  degradedAfterMs,
});
export type TcpCheckSpec = z.output<typeof tcpCheckSpecSchema>;

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA', 'SRV', 'CAA', 'PTR'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export const dnsCheckSpecSchema = z.strictObject({
  name: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9_.-]+$/, 'must be a domain name'),
  recordType: z.enum(DNS_RECORD_TYPES).default('A'),
  /** Values the answer must contain (each of them); none: any answer is up. */
  expected: z.array(z.string().trim().min(1).max(1024)).max(20).default([]),
  /** Resolver address (IP, optional port `:53`); default: the prober host's resolvers (/etc/resolv.conf). */
  resolver: z
    .string()
    .trim()
    .regex(/^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?|[0-9a-fA-F:]+)$/, 'must be an IP address, optionally with :port')
    .optional(),
  degradedAfterMs,
});
export type DnsCheckSpec = z.output<typeof dnsCheckSpecSchema>;

export const pushCheckSpecSchema = z.strictObject({
  /** How often the job pings. */
  periodSeconds: seconds(10, 31 * 86_400).default(3_600),
  /** How late a ping may be before the check is down. */
  graceSeconds: seconds(0, 7 * 86_400).default(300),
});
export type PushCheckSpec = z.output<typeof pushCheckSpecSchema>;

/** What every check has. */
const checkCommonShape = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  description: z.string().max(4000).default(''),
  enabled: z.boolean().default(true),
  /** Labels on the check's alerts (routing, silences) and for selecting checks (check_down rules). */
  labels: z.record(labelName, z.string().max(1024)).refine((labels) => Object.keys(labels).length <= 30, 'at most 30 labels').default({}),
  /** The check this one depends on: while it is down, this one is measured but raises no alert of its own. */
  parentId: z.string().uuid('must be a check id').nullable().default(null),
};

/** What the prober's checks share (push checks are pinged, not run). */
const probedShape = {
  ...checkCommonShape,
  intervalSeconds: seconds(10, 86_400).default(60),
  timeoutMs: milliseconds(100, 60_000).default(10_000),
  /** Failed runs in a row, after the first, before a region says down (0: down at the first failure). */
  retries: z.number().int().min(0, 'must be 0–10').max(10, 'must be 0–10').default(1),
  /** Regions that run the check; empty: every region with a prober. */
  regions: z.array(regionSchema).max(20).refine((regions) => new Set(regions).size === regions.length, 'each region once').default([]),
  /** Regions that must say down (or degraded) for the check to be down (or degraded). */
  quorum: z.number().int().min(1, 'must be at least 1').max(20).default(1),
};

function checkProbed(check: { intervalSeconds: number; timeoutMs: number; regions: string[]; quorum: number }, ctx: z.RefinementCtx): void {
  if (check.timeoutMs > check.intervalSeconds * 1000) ctx.addIssue({ code: 'custom', message: `must not exceed the interval (${check.intervalSeconds * 1000} ms)`, path: ['timeoutMs'] });
  if (check.regions.length > 0 && check.quorum > check.regions.length) ctx.addIssue({ code: 'custom', message: `is more than the ${check.regions.length} region(s) listed`, path: ['quorum'] });
}

/** Body of `POST /api/v1/checks` and `PUT /api/v1/checks/{id}`: one kind and its spec. */
export const checkRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...probedShape, kind: z.literal('http'), spec: httpCheckSpecSchema }).superRefine(checkProbed),
  z.strictObject({ ...probedShape, kind: z.literal('tcp'), spec: tcpCheckSpecSchema }).superRefine(checkProbed),
  z.strictObject({ ...probedShape, kind: z.literal('dns'), spec: dnsCheckSpecSchema }).superRefine(checkProbed),
  z.strictObject({ ...checkCommonShape, kind: z.literal('push'), spec: pushCheckSpecSchema }),
]);
export type CheckRequest = z.output<typeof checkRequestSchema>;
export type CheckRequestInput = z.input<typeof checkRequestSchema>;
export type ProbedCheckRequest = Exclude<CheckRequest, { kind: 'push' }>;

/** One region's view of a check right now. */
/** A region's word: `pending` until its first result, or while a first failure waits for its retries. */
export const REGION_STATUSES = ['pending', 'up', 'degraded', 'down'] as const;
export type RegionStatus = (typeof REGION_STATUSES)[number];

export const regionStateSchema = z.object({
  region: z.string(),
  status: z.enum(REGION_STATUSES),
  /** Failed runs in a row (down once past the check's retries). */
  failures: z.number(),
  /** When the current run of failures began (epoch ms), else null. */
  failingSince: z.number().nullable(),
  /** The last result's time (epoch ms). */
  at: z.number(),
  latencyMs: z.number().nullable(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
});
export type RegionStateView = z.infer<typeof regionStateSchema>;

export const PUSH_FLAGS = ['pinging_too_often', 'running'] as const;

export const checkStateSchema = z.object({
  status: z.enum(CHECK_STATUSES),
  /** Since when (ISO 8601). */
  since: z.string(),
  /** Why it is down or degraded (the deciding result's message), else null. */
  cause: z.string().nullable(),
  lastResultAt: z.string().nullable(),
  /** Regions' last word, as of the last change of state. */
  regions: z.array(regionStateSchema),
  /** The check is down or failing while the check it depends on is down: its alerts are held back. */
  suppressedByParent: z.boolean(),
  push: z
    .object({
      lastPingAt: z.string().nullable(),
      /** A run that pinged /start and has not finished yet started then. */
      runningSince: z.string().nullable(),
      /** The last run's duration from /start to success. */
      lastDurationMs: z.number().nullable(),
      /** The message of the last failure (/fail, exit status, or body). */
      lastFailure: z.string().nullable(),
      /** When the check goes down unless a ping arrives. */
      deadline: z.string().nullable(),
      flags: z.array(z.enum(PUSH_FLAGS)),
    })
    .nullable(),
});
export type CheckStateView = z.infer<typeof checkStateSchema>;

/** A check as stored, with its state. Times are ISO 8601. */
export const checkSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  kind: z.enum(CHECK_KINDS),
  spec: z.unknown(),
  intervalSeconds: z.number().nullable(),
  timeoutMs: z.number().nullable(),
  retries: z.number().nullable(),
  regions: z.array(z.string()),
  quorum: z.number().nullable(),
  labels: z.record(z.string(), z.string()),
  parentId: z.string().nullable(),
  /** Push checks: the first characters of the ping token (the whole URL is shown once). */
  pushTokenPrefix: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: checkStateSchema,
});
export type CheckView = z.infer<typeof checkSchema>;

/** `POST /api/v1/checks` of a push check (and rotating its token): the ping URL, once. */
export const checkCreatedResponseSchema = z.object({ check: checkSchema, pushUrl: z.string().nullable() });
export type CheckCreatedResponse = z.infer<typeof checkCreatedResponseSchema>;

/** Check ids in one query string (`ids=a,b,…`): 200 keep the URL under Node's 16 KiB header limit. */
export const MAX_IDS_IN_QUERY = 200;
/** `ids=a,b,…` as distinct check ids. */
const checkIdsParam = (min: number) =>
  z
    .string()
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()).filter((id) => id !== ''))])
    .pipe(z.array(z.string().uuid('must be check ids separated by commas')).min(min, 'name at least one check id').max(MAX_IDS_IN_QUERY, `at most ${MAX_IDS_IN_QUERY} check ids`));

export const checkListRequestSchema = z.strictObject({
  status: z.enum(CHECK_STATUSES).optional(),
  kind: z.enum(CHECK_KINDS).optional(),
  /** Words in the name (case-insensitive). */
  q: z.string().max(200).optional(),
  /** Only these checks: ids separated by commas (a failover group's targets' checks). */
  ids: checkIdsParam(0).optional(),
  /** Paging: the number of checks to skip, by name. */
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type CheckListRequest = z.output<typeof checkListRequestSchema>;
export const checkListResponseSchema = z.object({ checks: z.array(checkSchema), total: z.number() });
export type CheckListResponse = z.infer<typeof checkListResponseSchema>;

/** One probe run (or ping) as stored in ClickHouse. */
export const checkResultSchema = z.object({
  time: z.number(),
  region: z.string(),
  status: z.enum(CHECK_RESULT_STATUSES),
  statusCode: z.number().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string(),
});
export type CheckResultView = z.infer<typeof checkResultSchema>;

const rangeShape = {
  from: z.coerce.number().int().nonnegative(),
  to: z.coerce.number().int().nonnegative(),
};
function checkRange(range: { from: number; to: number }, ctx: z.RefinementCtx): void {
  if (range.to <= range.from) ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['to'] });
}

export const checkResultsRequestSchema = z
  .strictObject({ ...rangeShape, region: regionSchema.optional(), limit: z.coerce.number().int().min(1).max(10_000).default(1_000) })
  .superRefine(checkRange);
export const checkResultsResponseSchema = z.object({ results: z.array(checkResultSchema) });

/** One UTC day of a check in one region (the daily rollup, kept 400 days). */
export const checkDaySchema = z.object({
  day: z.string(),
  region: z.string(),
  total: z.number(),
  up: z.number(),
  degraded: z.number(),
  down: z.number(),
  latencyAvgMs: z.number().nullable(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
});
export type CheckDayView = z.infer<typeof checkDaySchema>;
export const checkDaysRequestSchema = z.strictObject(rangeShape).superRefine(checkRange);
export const checkDaysResponseSchema = z.object({ days: z.array(checkDaySchema) });

/** The longest range of that request: the rollup's 400 days. */
const MAX_DAYS_RANGE_MS = 400 * 86_400_000;

/** `GET /api/v1/checks/days?ids=a,b,…`: the daily counts of a page of checks in one request (the list's 90-day bars). */
export const checkDaysBatchRequestSchema = z
  .strictObject({
    ...rangeShape,
    ids: checkIdsParam(1),
  })
  .superRefine((range, ctx) => {
    checkRange(range, ctx);
    if (range.to - range.from > MAX_DAYS_RANGE_MS) ctx.addIssue({ code: 'custom', message: 'the rollup keeps 400 days: ask for at most 400 days', path: ['from'] });
  });
/** One UTC day of one check, every region summed, counts only: a bar of the list. */
export const checkDayCountsSchema = checkDaySchema.pick({ day: true, total: true, up: true, degraded: true, down: true }).extend({ checkId: z.string() });
export const checkDaysBatchResponseSchema = z.object({ days: z.array(checkDayCountsSchema) });

/** `GET /api/v1/checks/latest?ids=a,b,…`: each check's newest result per region of the last 25 hours (a day-long interval included). */
export const checkLatestRequestSchema = z.strictObject({ ids: checkIdsParam(1) });
export const checkLatestResponseSchema = z.object({ latest: z.array(checkResultSchema.extend({ checkId: z.string() })) });
export type CheckLatestResponse = z.infer<typeof checkLatestResponseSchema>;
/** How far back `latest` looks: the longest interval (24 h) and its timeout. */
export const LATEST_RESULT_WINDOW_MS = 25 * 3_600_000;
export type CheckDaysBatchResponse = z.infer<typeof checkDaysBatchResponseSchema>;

export const INCIDENT_SEVERITIES = ['degraded', 'down'] as const;
export const incidentSchema = z.object({
  id: z.string(),
  checkId: z.string(),
  checkName: z.string(),
  /** The worst the check was during the incident. */
  severity: z.enum(INCIDENT_SEVERITIES),
  startedAt: z.string(),
  /** Null while open. */
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  cause: z.string(),
  /** Regions that reported the failure. */
  regions: z.array(z.string()),
  /** Opened while the check this one depends on was down (its alerts were held back). */
  parentIncidentId: z.string().nullable(),
});
export type IncidentView = z.infer<typeof incidentSchema>;
export const incidentListRequestSchema = z.strictObject({ ...rangeShape, checkId: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(1_000).default(200) }).superRefine(checkRange);
export const incidentListResponseSchema = z.object({ incidents: z.array(incidentSchema) });

/** `POST /api/v1/checks/{id}/run`: queued in these regions. */
export const checkRunResponseSchema = z.object({ queued: z.array(z.string()) });

/** A check_down rule's spec: which checks of the project it watches. */
export const checkDownSpecSchema = z.strictObject({
  /** These checks (ids), or none to select by labels. */
  checkIds: z.array(z.string().uuid('must be a check id')).max(1_000).default([]),
  /** Checks whose labels have these values (all of them); with no ids and no labels: every check. */
  labels: z.record(labelName, z.string().max(1024)).default({}),
  /** Alert on degraded too (as a warning); default only down (critical). */
  degraded: z.boolean().default(false),
});
export type CheckDownSpec = z.output<typeof checkDownSpecSchema>;
