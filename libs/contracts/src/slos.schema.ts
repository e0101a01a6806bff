import { z } from 'zod';
import { alertEventSchema } from './alerts.schema';
import { ALERT_SEVERITIES } from './alert-rules.schema';
import { LABEL_NAME_PATTERN, labelMatcherSchema, metricNameSchema } from './metrics.schema';

/**
 * Service level objectives (docs/slo.md): an SLI (good events / valid events), an objective
 * (e.g. 99.9 %) over a window (rolling days, or a calendar month or quarter in a time zone),
 * and the alerts that watch its error budget. One schema for the API, the worker and the
 * dashboard's form.
 */

const labelName = z.string().regex(LABEL_NAME_PATTERN, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*');

/** Series of one counter (or a histogram's buckets): a metric name and label matchers, summed. */
export const sliSelectorSchema = z.strictObject({
  name: metricNameSchema,
  matchers: z.array(labelMatcherSchema).max(20, 'at most 20 matchers').default([]),
});
export type SliSelector = z.output<typeof sliSelectorSchema>;

const groupBy = z.array(labelName).max(5, 'at most 5 labels').default([]);

/**
 * Good events / valid events from two counters: either `good` and `total`, or `bad` and
 * `total` (good = total − bad), e.g. requests not 5xx / all requests. `groupBy` makes one
 * budget per label value (a service, a route) under one definition.
 */
export const ratioSliSchema = z
  .strictObject({
    kind: z.literal('ratio'),
    good: sliSelectorSchema.optional(),
    bad: sliSelectorSchema.optional(),
    total: sliSelectorSchema,
    groupBy,
  })
  .superRefine((sli, ctx) => {
    if ((sli.good === undefined) === (sli.bad === undefined)) ctx.addIssue({ code: 'custom', message: 'give exactly one of `good` and `bad` (with `total`)', path: ['good'] });
  });

/**
 * Requests at or under `threshold` / all requests, from a histogram's buckets: `threshold` is one
 * of the histogram's bucket bounds (in the histogram's unit, e.g. seconds) — `le="1"` written by
 * OTLP and `le="1.0"` written by Prometheus are the same bound. Valid events are the `+Inf` bucket.
 */
export const latencySliSchema = z.strictObject({
  kind: z.literal('latency'),
  /** The histogram's base name: `x` for the series `x_bucket`. */
  histogram: metricNameSchema,
  matchers: z.array(labelMatcherSchema).max(20, 'at most 20 matchers').default([]),
  threshold: z.number().finite().positive('must be a positive bucket bound'),
  groupBy,
});

/**
 * How a degraded result (up but slow, or a certificate near expiry: docs/checks.md) counts in a
 * check SLI: as good (the default: it served, as failover groups read it) or as bad.
 */
export const CHECK_SLI_DEGRADED = ['good', 'bad'] as const;
const degraded = z.enum(CHECK_SLI_DEGRADED).default('good');

/** Successful probes / all probes of an uptime check of the SLO's project; each region's probe is one event (docs/slo.md, Check SLIs). */
export const checkProbesSliSchema = z.strictObject({ kind: z.literal('check_probes'), checkId: z.string().uuid(), degraded });
/** Minutes the check was up / minutes it was probed; a minute without results is not counted (docs/slo.md, Check SLIs). */
export const checkUptimeSliSchema = z.strictObject({ kind: z.literal('check_uptime'), checkId: z.string().uuid(), degraded });
export type CheckSli = z.output<typeof checkProbesSliSchema> | z.output<typeof checkUptimeSliSchema>;

export const sliSchema = z.discriminatedUnion('kind', [ratioSliSchema, latencySliSchema, checkProbesSliSchema, checkUptimeSliSchema]);
export type Sli = z.output<typeof sliSchema>;
export type SliInput = z.input<typeof sliSchema>;
export type SliKind = Sli['kind'];
export const SLI_KINDS = ['ratio', 'latency', 'check_probes', 'check_uptime'] as const satisfies readonly SliKind[];

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export const CALENDAR_UNITS = ['month', 'quarter'] as const;
export type CalendarUnit = (typeof CALENDAR_UNITS)[number];

/** Rolling: the last `days` days, moving every minute. Calendar: the current month or quarter in `timeZone`. */
export const sloWindowSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rolling'), days: z.number().int('must be a whole number of days').min(1, 'at least 1 day').max(90, 'at most 90 days') }),
  z.strictObject({
    kind: z.literal('calendar'),
    unit: z.enum(CALENDAR_UNITS),
    timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin or UTC').default('UTC'),
  }),
]);
export type SloWindow = z.output<typeof sloWindowSchema>;

const windowSeconds = z.number().int('must be a whole number of seconds').min(60, 'at least 60 s').max(30 * 86_400, 'at most 30 days');

/**
 * One multiwindow burn-rate condition (Google SRE Workbook, ch. 5): fires when the burn rate over
 * both windows is above `burnRate`, with at least `minEvents` valid events in each window.
 */
export const burnRateWindowSchema = z
  .strictObject({
    severity: z.enum(ALERT_SEVERITIES),
    longWindowSeconds: windowSeconds,
    shortWindowSeconds: windowSeconds,
    burnRate: z.number().finite().positive('must be above 0'),
    minEvents: z.number().int().min(0).max(1_000_000_000).optional(),
  })
  .refine((pair) => pair.shortWindowSeconds < pair.longWindowSeconds, { message: 'the short window must be shorter than the long one', path: ['shortWindowSeconds'] });
export type BurnRateWindow = z.output<typeof burnRateWindowSchema>;

/** Defaults: the workbook's four pairs scaled to the window, a 10-event floor, budget warning at 25 % and critical when exhausted. */
export const sloAlertingSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Omitted: the workbook's pairs (page 14.4× 1 h & 5 m, 6× 6 h & 30 m; ticket 3× 1 d & 2 h, 1× 3 d & 6 h) scaled to the window. */
  burnRates: z.array(burnRateWindowSchema).max(8, 'at most 8 window pairs').optional(),
  /** Valid events each window must hold before a burn rate can alert (per pair: `minEvents`). */
  minEvents: z.number().int().min(0).max(1_000_000_000).default(10),
  /** Warning when the budget left is at or below this percentage; null: no warning. */
  budgetWarningPercent: z.number().min(0).max(100).nullable().default(25),
  /** Critical when the budget is exhausted (0 % left or less). */
  budgetExhausted: z.boolean().default(true),
  /** Added to every alert of this SLO (for routing and silences). */
  labels: z.record(labelName, z.string().max(1024)).default({}),
  annotations: z.record(labelName, z.string().max(4000)).default({}),
});
export type SloAlerting = z.output<typeof sloAlertingSchema>;

/** Body of `POST /api/v1/slos` and `PUT /api/v1/slos/{id}`. */
export const sloRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  description: z.string().max(1050, 'at most 1050 characters').default(''),
  service: z.string().max(256).default(''),
  sli: sliSchema,
  /** Percent of valid events that must be good, e.g. 99.9. */
  objective: z.number().gt(0, 'must be above 0 %').lt(100, 'must be below 100 %'),
  window: sloWindowSchema,
  alerting: sloAlertingSchema.default(() => sloAlertingSchema.parse({})),
});
export type SloRequest = z.output<typeof sloRequestSchema>;
export type SloRequestInput = z.input<typeof sloRequestSchema>;

/** How far recording has got: the current SLI revision, live recording, and its history. */
export const sloRecordingSchema = z.object({
  /** Bumped when the SLI changes; records of older revisions are no longer read. */
  revision: z.number(),
  /** Minutes before this (ISO 8601) are recorded; null: not yet. */
  recordedUntil: z.string().nullable(),
  /** History re-recorded from the telemetry still held: how far back it reached, and whether it is finished. */
  history: z.object({ state: z.enum(['pending', 'running', 'done']), reachedBack: z.string().nullable() }),
  /** Why the last recording of this SLO failed (null: it did not). */
  error: z.string().nullable(),
});

export const sloAlertStateSchema = z.enum(['ok', 'warning', 'critical', 'no_data']);

/** What a list row shows: SLI and budget over the window, the 1-hour burn rate and the alerts' state. */
export const sloSummarySchema = z.object({
  /** Good / valid over the window, 0…1; null without valid events. */
  sli: z.number().nullable(),
  budgetRemainingPercent: z.number().nullable(),
  burnRate1h: z.number().nullable(),
  /** The most severe firing alert of the SLO (`no_data`: nothing recorded in the window). */
  state: sloAlertStateSchema,
  firing: z.number(),
});

export const sloSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  service: z.string(),
  sli: sliSchema,
  objective: z.number(),
  window: sloWindowSchema,
  /** As stored, with the effective burn-rate pairs filled in; `burnRatesCustom`: the pairs were given, not the workbook's scaled to the window. */
  alerting: sloAlertingSchema.extend({ burnRates: z.array(burnRateWindowSchema), burnRatesCustom: z.boolean() }),
  recording: sloRecordingSchema,
  /** The check a check SLI reads, with its name as it is now (null for metric SLIs). */
  check: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Slo = z.infer<typeof sloSchema>;

/**
 * A row of the SLO list: the SLO without its alerting settings (the detail and the OpenSLO export
 * carry them; they were half of the list's bytes), with its figures now.
 */
export const sloListItemSchema = sloSchema.omit({ alerting: true }).extend({ summary: sloSummarySchema });
export const sloListResponseSchema = z.object({ slos: z.array(sloListItemSchema) });
export type SloListResponse = z.infer<typeof sloListResponseSchema>;

const pointsSchema = z.array(z.tuple([z.number(), z.number()]));

export const budgetSchema = z.object({
  /** Errors the objective allows among the valid events so far. */
  totalEvents: z.number(),
  consumedEvents: z.number(),
  remainingEvents: z.number(),
  /** The same budget as time: (1 − objective) × the window's length, consumed in proportion. */
  totalMinutes: z.number(),
  consumedMinutes: z.number(),
  remainingMinutes: z.number(),
  remainingPercent: z.number(),
});

export const burnRateSchema = z.object({
  window: z.string(),
  seconds: z.number(),
  /** Error ratio / (1 − objective); null without valid events in the window. */
  burnRate: z.number().nullable(),
  good: z.number(),
  valid: z.number(),
});

/** `GET /api/v1/slos/{id}`: the SLO, its budget and burn rates now, and series for charts over the window. */
export const sloDetailSchema = z.object({
  slo: sloSchema,
  summary: sloSummarySchema,
  /** The window read: from its start to now; `end` is where it ends (rolling: now; calendar: the period's end). */
  window: z.object({ from: z.number(), to: z.number(), end: z.number() }),
  events: z.object({ good: z.number(), valid: z.number(), bad: z.number() }),
  budget: budgetSchema.nullable(),
  burnRates: z.array(burnRateSchema),
  /** At the 1-hour burn rate: when the budget runs out (null: not burning, or already out). */
  exhaustion: z.object({ burnRate: z.number().nullable(), at: z.number().nullable() }),
  /** Per step over the window: budget left (%), the step's burn rate, and the SLI so far. */
  series: z.object({ step: z.number(), budgetRemaining: pointsSchema, burnRate: pointsSchema, sli: pointsSchema }),
  /** Per label group (with `groupBy`): the worst 50 by budget left. */
  groups: z.array(z.object({ labels: z.record(z.string(), z.string()), sli: z.number().nullable(), budgetRemainingPercent: z.number().nullable(), good: z.number(), valid: z.number() })),
  /** The SLO's alert rules and their state now. */
  alerts: z.array(
    z.object({
      ruleId: z.string(),
      name: z.string(),
      kind: z.string(),
      severity: z.enum(ALERT_SEVERITIES).nullable(),
      firing: z.number(),
      pending: z.number(),
      lastValue: z.number().nullable(),
    }),
  ),
  /** The alert transitions of its rules over the window, newest first (at most 100). */
  alertEvents: z.array(alertEventSchema),
});
export type SloDetail = z.infer<typeof sloDetailSchema>;

/** Body of `POST /api/v1/slos/preview`: an SLI (saved or not) over a range, straight from the telemetry. */
export const sloPreviewRequestSchema = z
  .strictObject({
    sli: sliSchema,
    objective: z.number().gt(0).lt(100).optional(),
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
  })
  .superRefine((request, ctx) => {
    if (request.to <= request.from) ctx.addIssue({ code: 'custom', message: '`to` must be after `from`', path: ['to'] });
    else if (request.to - request.from > 92 * 86_400_000) ctx.addIssue({ code: 'custom', message: 'the range may span at most 92 days', path: ['to'] });
  });
export type SloPreviewRequest = z.output<typeof sloPreviewRequestSchema>;

export const sloPreviewResponseSchema = z.object({
  from: z.number(),
  to: z.number(),
  step: z.number(),
  good: z.number(),
  valid: z.number(),
  /** Good / valid over the range, null without valid events. */
  sli: z.number().nullable(),
  /** Per step: the step's SLI (steps without valid events are left out). */
  series: pointsSchema,
});
export type SloPreviewResponse = z.infer<typeof sloPreviewResponseSchema>;

/** `GET /api/v1/slos/bucket-bounds?histogram=&match=`: the bounds a latency SLI may use, numerically. */
export const bucketBoundsResponseSchema = z.object({ histogram: z.string(), bounds: z.array(z.number()) });

/** `GET /api/v1/slos/presets?service=`: SLIs from the conventions the Overview detects. */
export const sloPresetsResponseSchema = z.object({
  service: z.string(),
  source: z.string().nullable(),
  presets: z.array(z.object({ name: z.string(), description: z.string(), sli: sliSchema })),
});

export const SLO_IMPORT_FORMATS = ['openslo', 'sloth'] as const;

/** Body of `POST /api/v1/slos/import`. */
export const sloImportRequestSchema = z.strictObject({
  format: z.enum(SLO_IMPORT_FORMATS),
  /** The YAML text (OpenSLO v1: one or more `kind: SLO` documents; Sloth: a `prometheus/v1` spec). */
  document: z.string().min(1, 'must not be empty').max(1_000_000, 'at most 1 MB'),
  /** Only show what would be created (default); false creates them. */
  dryRun: z.boolean().default(true),
});
export type SloImportRequest = z.output<typeof sloImportRequestSchema>;

export const sloImportResponseSchema = z.object({
  dryRun: z.boolean(),
  /** What the document defines, as SLO requests (would be, or were, created). */
  slos: z.array(sloRequestSchema),
  /** The SLOs created (empty on a dry run). */
  created: z.array(sloSchema),
});
export type SloImportResponse = z.infer<typeof sloImportResponseSchema>;

/**
 * The alert rules an SLO keeps (docs/slo.md, Alerts): `slo_burn_rate`, one per window pair, and
 * `slo_budget` for the budget left. Created, changed and deleted with their SLO, never alone.
 */
export const sloBurnRateRuleSpecSchema = z.strictObject({
  sloId: z.string().uuid(),
  severity: z.enum(ALERT_SEVERITIES),
  longWindowSeconds: windowSeconds,
  shortWindowSeconds: windowSeconds,
  burnRate: z.number().finite().positive(),
  minEvents: z.number().int().min(0),
});
export type SloBurnRateRuleSpec = z.output<typeof sloBurnRateRuleSpecSchema>;

export const sloBudgetRuleSpecSchema = z
  .strictObject({
    sloId: z.string().uuid(),
    /** Warning at or below this percentage of the budget left; null: none. */
    warningPercent: z.number().min(0).max(100).nullable(),
    /** Critical once the budget is exhausted (0 % or less left). */
    exhausted: z.boolean(),
    minEvents: z.number().int().min(0),
  })
  .refine((spec) => spec.warningPercent !== null || spec.exhausted, { message: 'give a warning percentage or exhausted: true', path: ['warningPercent'] });
export type SloBudgetRuleSpec = z.output<typeof sloBudgetRuleSpecSchema>;

export const SLO_RULE_KINDS = ['slo_burn_rate', 'slo_budget'] as const;
