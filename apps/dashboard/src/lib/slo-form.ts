import { type AlertSeverity, type CalendarUnit, type Sli, type SliInput, sliSchema, type Slo, type SloRequest, type SloRequestInput, sloRequestSchema } from '@vigil/contracts';
import { formatDuration, parseDuration } from './durations';
import { listText, numberText } from './form-text';
import { failed, type FieldErrors, type FormResult, placeErrors } from './form-errors';
import { type KeyValueRow, recordFromRows, rowsFromRecord } from './key-value-rows';
import { isComplete, type MatcherRow } from './label-matchers';

/** A counter (or a histogram) and its matchers as the form holds them. */
export interface SliSelectorForm {
  metric: string;
  matchers: MatcherRow[];
}

/** One burn-rate window pair as typed: durations as `1h`, numbers as text. */
export interface BurnRatePairForm {
  severity: AlertSeverity;
  long: string;
  short: string;
  burnRate: string;
  minEvents: string;
}

export const ROLLING_DAYS = [7, 28, 30] as const;

/**
 * An SLO as the create/edit form holds it. The SLI kinds offered are the recorded ones (ratio and
 * latency); check SLIs wait for the checks store (docs/slo.md).
 */
export interface SloForm {
  name: string;
  description: string;
  service: string;
  sliKind: 'ratio' | 'latency';
  /** Ratio SLIs count either good events or bad ones against the total. */
  ratioSide: 'good' | 'bad';
  events: SliSelectorForm;
  total: SliSelectorForm;
  histogram: SliSelectorForm;
  /** One of the histogram's bucket bounds, as text. */
  threshold: string;
  /** Label names, comma-separated: one budget per value. */
  groupBy: string;
  objective: string;
  windowKind: 'rolling' | 'calendar';
  days: string;
  calendarUnit: CalendarUnit;
  timeZone: string;
  alertingEnabled: boolean;
  /** False: the workbook's pairs scaled to the window (the API fills them in); true: `burnRates`. */
  customBurnRates: boolean;
  burnRates: BurnRatePairForm[];
  minEvents: string;
  /** Empty: no budget warning. */
  budgetWarningPercent: string;
  budgetExhausted: boolean;
  labels: KeyValueRow[];
  annotations: KeyValueRow[];
}

/** Request paths the form shows messages beside; the API's 400 is placed by the same paths. */
export const SLO_FIELDS = [
  'name',
  'description',
  'service',
  'sli',
  'sli.good',
  'sli.bad',
  'sli.total',
  'sli.histogram',
  'sli.matchers',
  'sli.threshold',
  'sli.groupBy',
  'objective',
  'window',
  'alerting',
  'alerting.burnRates',
  'alerting.minEvents',
  'alerting.budgetWarningPercent',
  'alerting.labels',
  'alerting.annotations',
] as const;
export type SloField = (typeof SLO_FIELDS)[number];
export type SloFieldErrors = FieldErrors<SloField>;

const emptySelector = (): SliSelectorForm => ({ metric: '', matchers: [] });

/** The workbook's defaults, as the editable table starts when someone chooses their own pairs. */
export const WORKBOOK_PAIRS: readonly BurnRatePairForm[] = [
  { severity: 'critical', long: '1h', short: '5m', burnRate: '14.4', minEvents: '' },
  { severity: 'critical', long: '6h', short: '30m', burnRate: '6', minEvents: '' },
  { severity: 'warning', long: '1d', short: '2h', burnRate: '3', minEvents: '' },
  { severity: 'warning', long: '3d', short: '6h', burnRate: '1', minEvents: '' },
];

export function emptySloForm(): SloForm {
  return {
    name: '',
    description: '',
    service: '',
    sliKind: 'ratio',
    ratioSide: 'bad',
    events: emptySelector(),
    total: emptySelector(),
    histogram: emptySelector(),
    threshold: '',
    groupBy: '',
    objective: '99.9',
    windowKind: 'rolling',
    days: '30',
    calendarUnit: 'month',
    timeZone: 'UTC',
    alertingEnabled: true,
    customBurnRates: false,
    burnRates: WORKBOOK_PAIRS.map((pair) => ({ ...pair })),
    minEvents: '10',
    budgetWarningPercent: '25',
    budgetExhausted: true,
    labels: [],
    annotations: [],
  };
}

const selectorForm = (selector: { name: string; matchers: readonly { label: string; op: MatcherRow['op']; value: string }[] } | undefined): SliSelectorForm =>
  selector ? { metric: selector.name, matchers: selector.matchers.map(({ label, op, value }) => ({ label, op, value })) } : emptySelector();

/** An SLI's fields in the form (a stored SLO's, or a preset's); check SLIs (not offered here) give undefined. */
export function sliFormFields(sli: Sli): Pick<SloForm, 'sliKind' | 'ratioSide' | 'events' | 'total' | 'histogram' | 'threshold' | 'groupBy'> | undefined {
  const blank = emptySloForm();
  switch (sli.kind) {
    case 'ratio':
      return { ...pickSli(blank), sliKind: 'ratio', ratioSide: sli.bad ? 'bad' : 'good', events: selectorForm(sli.bad ?? sli.good), total: selectorForm(sli.total), groupBy: sli.groupBy.join(', ') };
    case 'latency':
      return { ...pickSli(blank), sliKind: 'latency', histogram: selectorForm({ name: sli.histogram, matchers: sli.matchers }), threshold: String(sli.threshold), groupBy: sli.groupBy.join(', ') };
    case 'check_probes':
    case 'check_uptime':
      return undefined;
  }
}

const pickSli = ({ sliKind, ratioSide, events, total, histogram, threshold, groupBy }: SloForm) => ({ sliKind, ratioSide, events, total, histogram, threshold, groupBy });

/** A stored SLO in the form; check SLIs (not offered here) give undefined. */
export function sloFormFromSlo(slo: Slo): SloForm | undefined {
  const sliFields = sliFormFields(slo.sli);
  if (!sliFields) return undefined;
  const form = { ...emptySloForm(), ...sliFields };
  const { window, alerting } = slo;
  return {
    ...form,
    name: slo.name,
    description: slo.description,
    service: slo.service,
    objective: String(slo.objective),
    windowKind: window.kind,
    days: window.kind === 'rolling' ? String(window.days) : form.days,
    calendarUnit: window.kind === 'calendar' ? window.unit : form.calendarUnit,
    timeZone: window.kind === 'calendar' ? window.timeZone : form.timeZone,
    alertingEnabled: alerting.enabled,
    customBurnRates: alerting.burnRatesCustom,
    burnRates: alerting.burnRates.map((pair) => ({
      severity: pair.severity,
      long: formatDuration(pair.longWindowSeconds),
      short: formatDuration(pair.shortWindowSeconds),
      burnRate: String(pair.burnRate),
      minEvents: pair.minEvents === undefined || !alerting.burnRatesCustom ? '' : String(pair.minEvents),
    })),
    minEvents: String(alerting.minEvents),
    budgetWarningPercent: alerting.budgetWarningPercent === null ? '' : String(alerting.budgetWarningPercent),
    budgetExhausted: alerting.budgetExhausted,
    labels: rowsFromRecord(alerting.labels),
    annotations: rowsFromRecord(alerting.annotations),
  };
}

const selector = (form: SliSelectorForm) => ({
  name: form.metric.trim(),
  matchers: form.matchers.filter(isComplete).map(({ label, op, value }) => ({ label: label.trim(), op, value })),
});

/** Just the SLI, for the live preview (which needs neither a name nor alerting). */
export function sliFromForm(form: SloForm): SliInput {
  const groupBy = listText(form.groupBy);
  if (form.sliKind === 'latency') {
    const { name, matchers } = selector(form.histogram);
    return { kind: 'latency', histogram: name.replace(/_bucket$/, ''), matchers, threshold: numberText(form.threshold) ?? Number.NaN, groupBy };
  }
  return { kind: 'ratio', [form.ratioSide]: selector(form.events), total: selector(form.total), groupBy };
}

/** What the schema would say about an empty metric box or no bound chosen, said the way the form asks for it. */
function sliCompleteness(form: SloForm, own: SloFieldErrors): void {
  const metricMissing = (selector: SliSelectorForm) => selector.metric.trim() === '';
  if (form.sliKind === 'ratio') {
    if (metricMissing(form.events)) own[`sli.${form.ratioSide}`] = `Choose the counter of ${form.ratioSide} events.`;
    if (metricMissing(form.total)) own['sli.total'] = 'Choose the counter of valid events.';
    return;
  }
  if (metricMissing(form.histogram)) own['sli.histogram'] = 'Choose the histogram.';
  else if (form.threshold.trim() === '') own['sli.threshold'] = "Choose one of the histogram's bucket bounds.";
}

type BurnRatesInput = NonNullable<SloRequestInput['alerting']>['burnRates'];

function burnRatePairs(form: SloForm, own: SloFieldErrors): BurnRatesInput {
  if (!form.customBurnRates) return undefined;
  return form.burnRates.map((pair, index) => {
    const long = parseDuration(pair.long);
    const short = parseDuration(pair.short);
    if (long === undefined || short === undefined) own['alerting.burnRates'] ??= `Pair ${index + 1}: write the windows as durations such as 1h or 5m.`;
    const minEvents = numberText(pair.minEvents);
    return {
      severity: pair.severity,
      longWindowSeconds: long ?? 0,
      shortWindowSeconds: short ?? 0,
      burnRate: numberText(pair.burnRate) ?? Number.NaN,
      ...(minEvents === undefined ? {} : { minEvents }),
    };
  });
}

/**
 * The request the form makes, checked with the contract's schema; messages go to the fields by
 * their paths. Label and annotation rows given twice are named before the schema runs.
 */
export function sloRequestFromForm(form: SloForm): FormResult<SloRequest, SloField> {
  const own: SloFieldErrors = {};
  const labels = recordFromRows(form.labels);
  const annotations = recordFromRows(form.annotations);
  if (!labels.ok) own['alerting.labels'] = labels.message;
  if (!annotations.ok) own['alerting.annotations'] = annotations.message;
  sliCompleteness(form, own);
  const days = numberText(form.days);
  const warning = numberText(form.budgetWarningPercent);
  const request: SloRequestInput = {
    name: form.name,
    description: form.description,
    service: form.service.trim(),
    sli: sliFromForm(form),
    objective: numberText(form.objective) ?? Number.NaN,
    window: form.windowKind === 'rolling' ? { kind: 'rolling', days: days ?? Number.NaN } : { kind: 'calendar', unit: form.calendarUnit, timeZone: form.timeZone.trim() },
    alerting: {
      enabled: form.alertingEnabled,
      burnRates: burnRatePairs(form, own),
      minEvents: numberText(form.minEvents) ?? 0,
      budgetWarningPercent: warning ?? null,
      budgetExhausted: form.budgetExhausted,
      labels: labels.ok ? labels.record : {},
      annotations: annotations.ok ? annotations.record : {},
    },
  };
  const parsed = sloRequestSchema.safeParse(request);
  if (!parsed.success) return failed(own, placeErrors(parsed.error.issues, SLO_FIELDS));
  if (Object.keys(own).length > 0) return failed(own);
  return { ok: true, request: parsed.data };
}

const DAY_MS = 86_400_000;
/** The preview API reads at most 92 days. */
const MAX_PREVIEW_MS = 92 * DAY_MS;

/** A window's length for the preview: rolling days, or the longest month or quarter (the preview reads at most 92 days). */
export function windowLengthMs(form: Pick<SloForm, 'windowKind' | 'days' | 'calendarUnit'>): number {
  if (form.windowKind === 'calendar') return (form.calendarUnit === 'month' ? 31 : 92) * DAY_MS;
  const days = Number(form.days);
  return Number.isInteger(days) && days > 0 ? days * DAY_MS : 30 * DAY_MS;
}

export function previewRangeMs(lengthMs: number): number {
  return Math.min(lengthMs, MAX_PREVIEW_MS);
}

/** The SLI for the preview, or the first reason it is not complete. */
export function previewSli(form: SloForm): { ok: true; sli: SliInput } | { ok: false; reason: string } {
  const missing: SloFieldErrors = {};
  sliCompleteness(form, missing);
  const first = Object.values(missing)[0];
  if (first !== undefined) return { ok: false, reason: first };
  const sli = sliFromForm(form);
  const parsed = sliSchema.safeParse(sli);
  if (parsed.success) return { ok: true, sli };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join('.') || 'SLI'}: ${issue.message}` : 'complete the SLI' };
}
