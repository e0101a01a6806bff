import { PROJECT_LIMIT_KEYS, type Problem, type ProjectLimitKey, type ProjectSettingsResponse, type UpdateProjectSettingsRequest } from '@vigil/contracts';

/** `/api/v1/project-settings?project=…`: GET reads the settings, PATCH changes them. */
export function projectSettingsPath(projectId: string): string {
  return `/api/v1/project-settings?${new URLSearchParams({ project: projectId }).toString()}`;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The unit a limit is read and typed in; `factor` is how many of the API's units (ms, bytes, …) make one. */
export interface LimitUnit {
  factor: number;
  one: string;
  many: string;
}

const unit = (one: string, many: string, factor = 1): LimitUnit => ({ factor, one, many });
const DAYS = unit('day', 'days', DAY_MS);
const MINUTES = unit('minute', 'minutes', MINUTE_MS);
const KIB = unit('KiB', 'KiB', 1024);
const MIB = unit('MiB', 'MiB', 1024 * 1024);
const CHARACTERS = unit('character', 'characters');
const SERIES = unit('series', 'series');

export interface LimitInfo {
  label: string;
  /** What it bounds and what happens past it (docs/ingest.md, "Limits"). */
  description: string;
  unit: LimitUnit;
}

/**
 * Every limit a project may override, as people read it. A Record over the contract's keys, so
 * a limit added to PROJECT_LIMIT_KEYS fails the type-check here until it is described.
 */
export const LIMITS: Record<ProjectLimitKey, LimitInfo> = {
  labelsPerSeries: { label: 'Labels per series', description: 'The metric name counts as one. A series with more is refused.', unit: unit('label', 'labels') },
  labelNameLength: { label: 'Label name length', description: 'Longest label name a series may have.', unit: CHARACTERS },
  labelValueLength: { label: 'Label value length', description: 'Longest label value a series may have.', unit: CHARACTERS },
  metricNameLength: { label: 'Metric name length', description: 'Suffixes such as _bucket and _total included.', unit: CHARACTERS },
  maxAgeMs: { label: 'Max age', description: 'Samples and log records older than this are refused. Never more than the retention.', unit: DAYS },
  maxFutureMs: { label: 'Max future', description: 'Samples and log records further ahead of the server’s clock are refused.', unit: MINUTES },
  logBodyBytes: { label: 'Log body size', description: 'UTF-8 bytes of a log message; a longer one is refused, not truncated.', unit: KIB },
  logAttributes: { label: 'Attributes per log record', description: 'A log record with more is refused.', unit: unit('attribute', 'attributes') },
  maxDecompressedBytes: { label: 'remote_write body size', description: 'Decompressed size of a Prometheus remote_write request.', unit: MIB },
  maxActiveSeriesPerMetric: { label: 'Active series per metric', description: 'New series of a metric past this are refused; existing ones keep being stored.', unit: SERIES },
  maxActiveSeriesPerProject: { label: 'Active series per project', description: 'New series past this are refused, whatever their metric.', unit: SERIES },
};

/** A value in the API's unit, in the limit's own: up to 3 decimals. */
function inUnit(key: ProjectLimitKey, value: number): number {
  return Number((value / LIMITS[key].unit.factor).toFixed(3));
}

/** `7 days`, `10 minutes`, `64 KiB`, `100,000 series`. */
export function formatLimit(key: ProjectLimitKey, value: number): string {
  const { one, many } = LIMITS[key].unit;
  const amount = inUnit(key, value);
  return `${amount.toLocaleString('en-US', { maximumFractionDigits: 3 })} ${amount === 1 ? one : many}`;
}

/** `30 days`. */
export function formatRetention(days: number): string {
  return `${days.toLocaleString('en-US')} ${days === 1 ? 'day' : 'days'}`;
}

/** What an override input starts with: the stored override in the limit's unit, or empty (the default). */
export function limitInputValue(key: ProjectLimitKey, override: number | undefined): string {
  return override === undefined ? '' : String(inUnit(key, override));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * An override as typed, in the API's unit: empty means the default (null). Durations and sizes
 * are rounded to the whole ms or byte (1.5 days is 129,600,000 ms), counts are sent as typed.
 * Whether the number is allowed (positive, whole) is the API's to say, next to the field.
 */
export function parseLimitInput(key: ProjectLimitKey, text: string): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const amount = Number(trimmed);
  const { factor, many } = LIMITS[key].unit;
  if (!Number.isFinite(amount)) return { ok: false, message: `Enter a number of ${many}, or leave it empty for the default.` };
  return { ok: true, value: factor === 1 ? amount : Math.round(amount * factor) };
}

/** The retention as typed; a number (even 0) goes to the API, which says what range it allows. */
export function parseRetentionInput(text: string): Parsed<number> {
  const trimmed = text.trim();
  const days = trimmed === '' ? Number.NaN : Number(trimmed);
  return Number.isFinite(days) ? { ok: true, value: days } : { ok: false, message: 'Enter a number of days.' };
}

/** The form's fields: retention and each limit. */
export type SettingsField = 'retentionDays' | ProjectLimitKey;
export type FieldErrors = Partial<Record<SettingsField, string>>;

/** What was typed, for the fields touched since the last save only; the rest show the stored values. */
export interface SettingsDraft {
  retentionDays?: string;
  limits: Partial<Record<ProjectLimitKey, string>>;
}

export type SettingsUpdate = { ok: true; request: UpdateProjectSettingsRequest | undefined } | { ok: false; errors: FieldErrors };

/**
 * The PATCH body for a draft: only the fields whose value differs from what is stored (an
 * emptied override becomes null, the default); `request` is undefined when nothing changed.
 */
export function buildSettingsUpdate(settings: ProjectSettingsResponse, draft: SettingsDraft): SettingsUpdate {
  const errors: FieldErrors = {};
  const request: { retentionDays?: number; ingestLimits?: Partial<Record<ProjectLimitKey, number | null>> } = {};
  if (draft.retentionDays !== undefined) {
    const parsed = parseRetentionInput(draft.retentionDays);
    if (!parsed.ok) errors.retentionDays = parsed.message;
    else if (parsed.value !== settings.retentionDays) request.retentionDays = parsed.value;
  }
  for (const key of PROJECT_LIMIT_KEYS) {
    const text = draft.limits[key];
    if (text === undefined) continue;
    const parsed = parseLimitInput(key, text);
    if (!parsed.ok) {
      errors[key] = parsed.message;
      continue;
    }
    const stored = settings.overrides[key];
    if (parsed.value === (stored ?? null)) continue;
    request.ingestLimits = { ...request.ingestLimits, [key]: parsed.value };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: request.retentionDays === undefined && request.ingestLimits === undefined ? undefined : request };
}

/**
 * The API's field problems (`errors[].path`: `retentionDays`, `ingestLimits.maxAgeMs`) placed by
 * field; `unplaced` counts those no field shows (an unknown limit, a body-level problem), which
 * the error banner must show instead.
 */
export function problemFieldErrors(problem: Problem): { fields: FieldErrors; unplaced: number } {
  const fields: FieldErrors = {};
  let unplaced = 0;
  for (const { path, message } of problem.errors ?? []) {
    const field = fieldOfPath(path);
    if (field === undefined) unplaced += 1;
    else fields[field] ??= message;
  }
  return { fields, unplaced };
}

function fieldOfPath(path: string): SettingsField | undefined {
  if (path === 'retentionDays') return 'retentionDays';
  const key = path.startsWith('ingestLimits.') ? path.slice('ingestLimits.'.length) : undefined;
  return PROJECT_LIMIT_KEYS.find((one) => one === key);
}

/**
 * Whether the max age in force is the retention rather than the age limit itself: the API caps
 * it there, since a row older than its retention would expire as it is inserted. Without an
 * override the default is not known here, so a max age equal to the retention counts as capped.
 */
export function isMaxAgeCapped(settings: ProjectSettingsResponse): boolean {
  const inForce = settings.ingestLimits.maxAgeMs;
  const override = settings.overrides.maxAgeMs;
  return inForce === settings.retentionDays * DAY_MS && (override === undefined || override > inForce);
}
