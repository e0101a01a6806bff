import { type Slo, sloRequestSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { emptySloForm, previewSli, type SloForm, sloFormFromSlo, sloRequestFromForm, windowLengthMs } from './slo-form';

function availabilityForm(change: Partial<SloForm> = {}): SloForm {
  return {
    ...emptySloForm(),
    name: 'Checkout availability',
    service: 'checkout',
    events: { metric: 'http_requests_total', matchers: [{ label: 'code', op: '=~', value: '5..' }] },
    total: { metric: 'http_requests_total', matchers: [] },
    ...change,
  };
}

function stored(request: unknown, burnRatesCustom: boolean): Slo {
  const parsed = sloRequestSchema.parse(request);
  return {
    ...parsed,
    id: 's1',
    alerting: {
      ...parsed.alerting,
      burnRates: parsed.alerting.burnRates ?? [
        { severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4, minEvents: 10 },
        { severity: 'warning', longWindowSeconds: 86_400, shortWindowSeconds: 7200, burnRate: 3, minEvents: 10 },
      ],
      burnRatesCustom,
    },
    recording: { revision: 1, recordedUntil: null, history: { state: 'pending', reachedBack: null }, error: null },
    check: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('sloRequestFromForm', () => {
  it('makes the contract’s request for a ratio SLI counting bad events, leaving the pairs to the API', () => {
    const result = sloRequestFromForm(availabilityForm({ groupBy: 'route, method', labels: [{ key: 'team', value: 'payments' }] }));
    expect(result).toEqual({
      ok: true,
      request: {
        name: 'Checkout availability',
        description: '',
        service: 'checkout',
        sli: { kind: 'ratio', bad: { name: 'http_requests_total', matchers: [{ label: 'code', op: '=~', value: '5..' }] }, total: { name: 'http_requests_total', matchers: [] }, groupBy: ['route', 'method'] },
        objective: 99.9,
        window: { kind: 'rolling', days: 30 },
        alerting: { enabled: true, minEvents: 10, budgetWarningPercent: 25, budgetExhausted: true, labels: { team: 'payments' }, annotations: {} },
      },
    });
  });

  it('makes a latency SLI on the histogram’s base name, a calendar window and pairs of one’s own', () => {
    const result = sloRequestFromForm(
      availabilityForm({
        sliKind: 'latency',
        histogram: { metric: 'http_request_duration_seconds_bucket', matchers: [{ label: 'service', op: '=', value: 'checkout' }] },
        threshold: '0.25',
        objective: '99',
        windowKind: 'calendar',
        calendarUnit: 'quarter',
        timeZone: 'Europe/Berlin',
        customBurnRates: true,
        burnRates: [{ severity: 'critical', long: '2h', short: '10m', burnRate: '10', minEvents: '50' }],
        budgetWarningPercent: '',
      }),
    );
    expect(result.ok && result.request.sli).toEqual({ kind: 'latency', histogram: 'http_request_duration_seconds', matchers: [{ label: 'service', op: '=', value: 'checkout' }], threshold: 0.25, groupBy: [] });
    expect(result.ok && result.request.window).toEqual({ kind: 'calendar', unit: 'quarter', timeZone: 'Europe/Berlin' });
    expect(result.ok && result.request.alerting).toMatchObject({ burnRates: [{ severity: 'critical', longWindowSeconds: 7200, shortWindowSeconds: 600, burnRate: 10, minEvents: 50 }], budgetWarningPercent: null });
  });

  it('names the fields the schema refuses', () => {
    const result = sloRequestFromForm(availabilityForm({ name: ' ', objective: '100', total: { metric: '', matchers: [] }, windowKind: 'calendar', timeZone: 'Mars/Olympus' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toBe('must not be empty');
    expect(result.errors.objective).toBe('must be below 100 %');
    expect(result.errors['sli.total']).toBe('Choose the counter of valid events.');
    expect(result.errors.window).toContain('IANA time zone');
  });

  it('names an unreadable window pair and a label given twice', () => {
    const result = sloRequestFromForm(
      availabilityForm({
        customBurnRates: true,
        burnRates: [{ severity: 'warning', long: 'an hour', short: '5m', burnRate: '3', minEvents: '' }],
        labels: [
          { key: 'team', value: 'a' },
          { key: 'team', value: 'b' },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['alerting.burnRates']).toBe('Pair 1: write the windows as durations such as 1h or 5m.');
    expect(result.errors['alerting.labels']).toBe('"team" is given twice.');
  });
});

describe('sloFormFromSlo', () => {
  it('reads a stored SLO back into the same request', () => {
    const request = { name: 'Latency', sli: { kind: 'latency', histogram: 'h', threshold: 1 }, objective: 99.5, window: { kind: 'rolling', days: 7 }, alerting: { minEvents: 3, budgetWarningPercent: null } };
    const form = sloFormFromSlo(stored(request, false));
    expect(form).toBeDefined();
    const again = sloRequestFromForm(form as SloForm);
    expect(again).toEqual({ ok: true, request: sloRequestSchema.parse(request) });
  });

  it('keeps pairs of one’s own as pairs of one’s own', () => {
    const burnRates = [{ severity: 'critical', longWindowSeconds: 5400, shortWindowSeconds: 450, burnRate: 12, minEvents: 20 }];
    const form = sloFormFromSlo(stored({ name: 'x', sli: { kind: 'ratio', good: { name: 'ok_total' }, total: { name: 'all_total' } }, objective: 99, window: { kind: 'rolling', days: 28 }, alerting: { burnRates } }, true)) as SloForm;
    expect(form.customBurnRates).toBe(true);
    expect(form.burnRates).toEqual([{ severity: 'critical', long: '1h30m', short: '7m30s', burnRate: '12', minEvents: '20' }]);
    expect(form.ratioSide).toBe('good');
    const again = sloRequestFromForm(form);
    expect(again.ok && again.request.alerting.burnRates).toEqual(burnRates);
  });

  it('round-trips a check SLI (the check and how degraded counts) and asks for the check when none is chosen', () => {
    const checkId = '00000000-0000-4000-8000-000000000000';
    const slo = stored({ name: 'x', sli: { kind: 'check_uptime', checkId, degraded: 'bad' }, objective: 99, window: { kind: 'rolling', days: 28 } }, false);
    const form = sloFormFromSlo(slo);
    expect([form.sliKind, form.checkId, form.degraded]).toEqual(['check_uptime', checkId, 'bad']);
    const again = sloRequestFromForm(form);
    expect(again.ok && again.request.sli).toEqual({ kind: 'check_uptime', checkId, degraded: 'bad' });
    expect(previewSli({ ...form, sliKind: 'check_probes', checkId: '' })).toEqual({ ok: false, reason: 'Choose the check.' });
    const refused = sloRequestFromForm({ ...form, checkId: '' });
    expect(refused.ok ? {} : refused.errors).toMatchObject({ 'sli.checkId': 'Choose the check.' });
  });
});

describe('previewSli and windowLengthMs', () => {
  it('previews a complete SLI and says what is missing otherwise', () => {
    expect(previewSli(availabilityForm())).toMatchObject({ ok: true, sli: { kind: 'ratio' } });
    expect(previewSli(availabilityForm({ sliKind: 'latency', histogram: { metric: 'h', matchers: [] }, threshold: '' }))).toEqual({ ok: false, reason: "Choose one of the histogram's bucket bounds." });
    expect(previewSli(availabilityForm({ events: { metric: ' ', matchers: [] } }))).toEqual({ ok: false, reason: 'Choose the counter of bad events.' });
    expect(previewSli(availabilityForm({ sliKind: 'latency', histogram: { metric: 'h', matchers: [] }, threshold: 'x' }))).toEqual({ ok: false, reason: 'threshold: Invalid input: expected number, received NaN' });
  });

  it('reads the window’s length, a quarter as its longest', () => {
    expect(windowLengthMs({ windowKind: 'rolling', days: '7', calendarUnit: 'month' })).toBe(7 * 86_400_000);
    expect(windowLengthMs({ windowKind: 'calendar', days: '30', calendarUnit: 'quarter' })).toBe(92 * 86_400_000);
  });
});
