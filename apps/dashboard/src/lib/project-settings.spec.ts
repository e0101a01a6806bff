import { PROJECT_LIMIT_KEYS, type ProjectSettingsResponse, updateProjectSettingsRequestSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import {
  buildSettingsUpdate,
  formatLimit,
  formatRetention,
  isMaxAgeCapped,
  LIMITS,
  limitInputValue,
  parseLimitInput,
  parseRetentionInput,
  problemFieldErrors,
  projectSettingsPath,
} from './project-settings';

const DAY = 86_400_000;

function makeSettings(overrides: Partial<ProjectSettingsResponse> = {}): ProjectSettingsResponse {
  return {
    retentionDays: 30,
    ingestLimits: {
      labelsPerSeries: 30,
      labelNameLength: 128,
      labelValueLength: 2048,
      metricNameLength: 256,
      maxAgeMs: 7 * DAY,
      maxFutureMs: 600_000,
      logBodyBytes: 65_536,
      logAttributes: 128,
      maxDecompressedBytes: 67_108_864,
      maxActiveSeriesPerMetric: 100_000,
      maxActiveSeriesPerProject: 1_000_000,
    },
    overrides: {},
    ...overrides,
  };
}

describe('project settings path', () => {
  it('names the project', () => {
    expect(projectSettingsPath('p 1')).toBe('/api/v1/project-settings?project=p+1');
  });
});

describe('limits as people read them', () => {
  it('describes every limit of the contract', () => {
    expect(Object.keys(LIMITS).sort()).toEqual([...PROJECT_LIMIT_KEYS].sort());
  });

  it('shows durations in days and minutes, sizes in KiB and MiB, counts as they are', () => {
    expect(formatLimit('maxAgeMs', 7 * DAY)).toBe('7 days');
    expect(formatLimit('maxAgeMs', DAY)).toBe('1 day');
    expect(formatLimit('maxAgeMs', 1.5 * DAY)).toBe('1.5 days');
    expect(formatLimit('maxFutureMs', 600_000)).toBe('10 minutes');
    expect(formatLimit('logBodyBytes', 65_536)).toBe('64 KiB');
    expect(formatLimit('maxDecompressedBytes', 67_108_864)).toBe('64 MiB');
    expect(formatLimit('maxActiveSeriesPerProject', 1_000_000)).toBe('1,000,000 series');
    expect(formatLimit('labelValueLength', 2048)).toBe('2,048 characters');
    expect(formatLimit('labelsPerSeries', 1)).toBe('1 label');
    expect(formatRetention(30)).toBe('30 days');
    expect(formatRetention(1)).toBe('1 day');
  });

  it('starts an override input with the stored value in the limit’s unit, empty for the default', () => {
    expect(limitInputValue('maxAgeMs', 20 * DAY)).toBe('20');
    expect(limitInputValue('logBodyBytes', 1536)).toBe('1.5');
    expect(limitInputValue('maxAgeMs', undefined)).toBe('');
  });
});

describe('typed values', () => {
  it('convert to the API’s ms and bytes, rounded to a whole one', () => {
    expect(parseLimitInput('maxAgeMs', ' 20 ')).toEqual({ ok: true, value: 20 * DAY });
    expect(parseLimitInput('maxAgeMs', '0.1')).toEqual({ ok: true, value: 8_640_000 });
    expect(parseLimitInput('maxFutureMs', '15')).toEqual({ ok: true, value: 900_000 });
    expect(parseLimitInput('logBodyBytes', '128')).toEqual({ ok: true, value: 131_072 });
    expect(parseLimitInput('maxDecompressedBytes', '0.5')).toEqual({ ok: true, value: 524_288 });
    expect(parseLimitInput('logBodyBytes', '0.0001')).toEqual({ ok: true, value: 0 });
  });

  it('leave counts as typed, for the API to judge', () => {
    expect(parseLimitInput('labelsPerSeries', '2.5')).toEqual({ ok: true, value: 2.5 });
    expect(parseLimitInput('logAttributes', '-1')).toEqual({ ok: true, value: -1 });
  });

  it('mean the default when empty, and are refused when not a number', () => {
    expect(parseLimitInput('maxAgeMs', '  ')).toEqual({ ok: true, value: null });
    expect(parseLimitInput('maxAgeMs', 'a week')).toEqual({ ok: false, message: 'Enter a number of days, or leave it empty for the default.' });
    expect(parseRetentionInput('90')).toEqual({ ok: true, value: 90 });
    expect(parseRetentionInput('0')).toEqual({ ok: true, value: 0 });
    expect(parseRetentionInput('')).toEqual({ ok: false, message: 'Enter a number of days.' });
  });
});

describe('the PATCH body', () => {
  it('holds only what changed', () => {
    const settings = makeSettings({ overrides: { logAttributes: 64 }, ingestLimits: { ...makeSettings().ingestLimits, logAttributes: 64 } });
    const update = buildSettingsUpdate(settings, { retentionDays: '90', limits: { maxAgeMs: '20', logAttributes: '64', labelsPerSeries: '' } });
    expect(update).toEqual({ ok: true, request: { retentionDays: 90, ingestLimits: { maxAgeMs: 20 * DAY } } });
    if (update.ok) expect(updateProjectSettingsRequestSchema.safeParse(update.request).success).toBe(true);
  });

  it('restores a default when its override is emptied', () => {
    const settings = makeSettings({ overrides: { maxAgeMs: 20 * DAY } });
    expect(buildSettingsUpdate(settings, { limits: { maxAgeMs: '' } })).toEqual({ ok: true, request: { ingestLimits: { maxAgeMs: null } } });
  });

  it('is nothing when the fields touched hold the stored values', () => {
    const settings = makeSettings({ overrides: { maxAgeMs: 20 * DAY } });
    expect(buildSettingsUpdate(settings, { retentionDays: '30', limits: { maxAgeMs: '20', maxFutureMs: '' } })).toEqual({ ok: true, request: undefined });
    expect(buildSettingsUpdate(settings, { limits: {} })).toEqual({ ok: true, request: undefined });
  });

  it('sends values the API refuses, so it names the rule; only what is not a number stays here', () => {
    expect(buildSettingsUpdate(makeSettings(), { retentionDays: '0', limits: {} })).toEqual({ ok: true, request: { retentionDays: 0 } });
    expect(buildSettingsUpdate(makeSettings(), { retentionDays: '', limits: { maxAgeMs: 'x', maxFutureMs: '5' } })).toEqual({
      ok: false,
      errors: { retentionDays: 'Enter a number of days.', maxAgeMs: 'Enter a number of days, or leave it empty for the default.' },
    });
  });
});

describe('the API’s problems', () => {
  it('are placed next to their field, the rest counted for the banner', () => {
    const problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid project settings: retentionDays: must be at least 1 day (and 2 more)',
      errors: [
        { path: 'retentionDays', message: 'must be at least 1 day' },
        { path: 'ingestLimits.maxAgeMs', message: 'must be positive' },
        { path: 'ingestLimits.maxAgeMs', message: 'must be a whole number' },
        { path: 'ingestLimits.noSuchLimit', message: 'Unrecognized key' },
        { path: '(body)', message: 'name retentionDays or ingestLimits' },
      ],
    };
    expect(problemFieldErrors(problem)).toEqual({ fields: { retentionDays: 'must be at least 1 day', maxAgeMs: 'must be positive' }, unplaced: 2 });
    expect(problemFieldErrors({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'no' })).toEqual({ fields: {}, unplaced: 0 });
  });
});

describe('max age and retention', () => {
  it('is capped when the retention is shorter than the age limit', () => {
    const capped = makeSettings({ retentionDays: 3, ingestLimits: { ...makeSettings().ingestLimits, maxAgeMs: 3 * DAY } });
    expect(isMaxAgeCapped(capped)).toBe(true);
    expect(isMaxAgeCapped({ ...capped, overrides: { maxAgeMs: 20 * DAY } })).toBe(true);
    expect(isMaxAgeCapped({ ...capped, overrides: { maxAgeMs: 3 * DAY } })).toBe(false);
    expect(isMaxAgeCapped(makeSettings())).toBe(false);
  });
});
