import { type DashboardSession, openDashboard, postIngestJson, sampleValue, type Stack, submitSignIn, viewAsRole } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The SLOs section in real Chromium against the built dashboard, API and worker, as a team sets
// up its first SLO: two hours of checkout traffic are ingested (0.5 % errors, then 5 % for the
// last hour — a fast burn); the SLO is made in the form from the service's preset, its SLI
// previewed over the window; the worker records it and the page shows the SLI and budget the
// test computes by hand, and the page alert firing; editing keeps it; a Sloth spec is imported
// after a dry run (an unsupported query refused, naming it); a viewer sees no write control;
// deleting it returns to the list; last, an SLO on a push check's runs is made from the check in
// the form and shows the check by name and its figures. The steps share one page and run in order.

const M = 60_000;
const SERVICE = 'checkout';
const MINUTES = 120;
/** Requests and errors of minute m of the seeded two hours. */
const traffic = (m: number) => ({ requests: 600, errors: m < 60 ? 3 : 30 });

let dashboard: DashboardSession;
let stack: Stack;
let page: Page;
let sloId = '';

/** By hand: good / valid over everything seeded, and the budget left of a 99.9 % objective. */
function expected(objective: number) {
  let valid = 0;
  let bad = 0;
  for (let m = 0; m < MINUTES; m++) {
    valid += traffic(m).requests;
    bad += traffic(m).errors;
  }
  return { sli: (valid - bad) / valid, budgetPercent: (1 - bad / ((1 - objective / 100) * valid)) * 100 };
}

/**
 * Counters sampled every 15 s on the minute grid, constant within each minute (so no
 * extrapolation can differ), ending at the current minute; plus histogram buckets whose `le`
 * is written both `1` (OTLP) and `1.0` (Prometheus).
 */
function samples(end: number) {
  const from = end - MINUTES * M;
  const out: { name: string; labels: Record<string, string>; value: number; timestamp: number }[] = [];
  let ok = 0;
  let failed = 0;
  const push = (at: number) => {
    out.push({ name: 'http_requests_total', labels: { service: SERVICE, code: '200' }, value: ok, timestamp: at });
    out.push({ name: 'http_requests_total', labels: { service: SERVICE, code: '500' }, value: failed, timestamp: at });
  };
  push(from);
  for (let m = 0; m < MINUTES; m++) {
    const { requests, errors } = traffic(m);
    for (let q = 1; q <= 4; q++) {
      ok += (requests - errors) / 4;
      failed += errors / 4;
      push(from + m * M + q * 15_000);
    }
  }
  for (const [route, le] of [['/pay', '0.1'], ['/pay', '0.25'], ['/pay', '1'], ['/cart', '1.0'], ['/pay', '+Inf']] as const) {
    out.push({ name: 'http_request_duration_seconds_bucket', labels: { service: SERVICE, route, le }, value: 1, timestamp: end - M });
  }
  return out;
}

/** A push check with three successful runs and one failed one, pinged at the start (its SLO is made last, when history records them). */
const HEARTBEAT = 'Payments heartbeat';
let heartbeatId = '';

async function pingHeartbeat(): Promise<void> {
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const created = await fetch(`${stack.apiUrl}/api/v1/checks?project=${stack.projectId ?? ''}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: HEARTBEAT, kind: 'push', spec: { periodSeconds: 3600 } }),
  });
  const body = (await created.json()) as { check: { id: string }; pushUrl: string };
  expect(created.status, JSON.stringify(body)).toBe(201);
  heartbeatId = body.check.id;
  const token = body.pushUrl.split('/').at(-1) ?? '';
  for (const signal of ['', '', '', '/fail']) {
    const ping = await fetch(`${stack.apiUrl}/api/v1/push/${token}${signal}`);
    expect(ping.status).toBe(200);
  }
}

beforeAll(async () => {
  // The worker records every 2 s instead of every minute: minutes still record once they ended
  // 30 s ago, so the figures are the same, only they show up to a minute sooner (docs/slo.md).
  dashboard = await openDashboard({ env: { SLO_RECORDING_INTERVAL_MS: '2000' } });
  ({ stack, page } = dashboard);
  const response = await postIngestJson(stack, '/api/v1/ingest/metrics', { samples: samples(Math.floor(Date.now() / M) * M) });
  expect(response.status, await response.clone().text()).toBe(200);
  await pingHeartbeat();
});

afterAll(async () => {
  await dashboard?.close();
});

/** Reloads the SLO page until `read` gives `expected` (the worker records every 2 s here, evaluates alerts once a minute). */
async function reloadUntil(read: () => Promise<string | null>, expected: string, timeout: number): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.getByTestId('slo-title').waitFor();
        return read();
      },
      { timeout, interval: 5_000 },
    )
    .toBe(expected);
}

const sliNumber = async () => Number(await page.getByTestId('sli-preview-summary').getAttribute('data-sli'));

describe('SLOs in the dashboard', () => {
  it('opens SLOs from the header; an empty project says how to start', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('main-nav').getByRole('link', { name: 'SLOs' }).click();
    await page.waitForURL((url) => url.pathname === '/slos');
    await page.getByTestId('slos-empty').waitFor();
    expect(await page.getByTestId('slos-read-only').count()).toBe(0);
  });

  it('creates an SLO from the service’s preset, previewing its SLI over the window', async () => {
    await page.getByTestId('new-slo').click();
    await page.waitForURL((url) => url.pathname === '/slos/new');
    // Checked before sending, next to the fields.
    await page.getByTestId('save-slo').click();
    expect(await page.getByTestId('slo-name-error').textContent()).toBe('must not be empty');
    expect(await page.getByTestId('sli-preview-incomplete').textContent()).toContain('The preview appears once the SLI is complete');

    await page.getByTestId('slo-service').fill(SERVICE);
    await page.getByTestId('sli-presets-load').click();
    const presets = page.getByTestId('sli-preset');
    await expect.poll(() => presets.allTextContents()).toEqual(['Use: checkout availability', 'Use: checkout latency']);

    // The latency preset picks a bucket bound; the form offers the bounds that exist, 1 and 1.0 as one.
    await presets.nth(1).click();
    const threshold = page.getByTestId('sli-threshold');
    await expect.poll(() => threshold.locator('option').allTextContents()).toEqual(['choose a bound', '0.1', '0.25', '1']);
    expect(await threshold.inputValue()).toBe('0.25');

    await presets.nth(0).click();
    expect(await page.getByTestId('sli-ratio-side').inputValue()).toBe('bad');
    await page.getByTestId('slo-name').fill('Checkout availability');
    await page.getByTestId('slo-objective').fill('99.9');
    // The preview reads the telemetry over the 30-day window: exactly the seeded ratio.
    await page.getByTestId('sli-preview-chart').waitFor({ timeout: 30_000 });
    await expect.poll(sliNumber, { timeout: 30_000 }).toBeCloseTo(expected(99.9).sli, 12);

    await page.getByTestId('save-slo').click();
    await page.waitForURL((url) => /^\/slos\/[0-9a-f-]{36}$/.test(url.pathname));
    sloId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(await page.getByTestId('slo-title').textContent()).toBe('Checkout availability');
    expect(await page.getByTestId('slo-sli-text').textContent()).toBe('1 − http_requests_total{service="checkout", code=~"5.."} / http_requests_total{service="checkout"}');
    // The workbook's pairs, scaled to 30 days (unchanged).
    expect(await page.getByTestId('slo-pair').allTextContents()).toEqual([
      'critical 14.4× over 1h and 5m, with at least 10 events in each window',
      'critical 6× over 6h and 30m, with at least 10 events in each window',
      'warning 3× over 1d and 2h, with at least 10 events in each window',
      'warning 1× over 3d and 6h, with at least 10 events in each window',
    ]);
  });

  it('shows the recorded SLI and budget as computed by hand, and the fast burn paging', async () => {
    const { sli, budgetPercent } = expected(99.9);
    expect(sli).toBe(70_020 / 72_000);
    // The worker records each minute 30 s after its end and the history; the page is re-read until it has.
    await reloadUntil(() => page.getByTestId('slo-figure-sli').textContent(), '97.25 %', 150_000);
    // Recorded up to the last minute that ended 30 s ago: /metrics says it is 30 s to 90 s behind
    // (plus a pass or two of 2 s; 150 leaves room for a slow pass on a busy machine).
    const lag = sampleValue(await (await fetch(`${stack.apiUrl}/metrics`)).text(), 'vigil_slo_recording_lag_seconds') ?? -1;
    expect(lag).toBeGreaterThanOrEqual(30);
    expect(lag).toBeLessThan(150);
    expect(budgetPercent).toBeCloseTo(-2650, 9);
    expect(await page.getByTestId('slo-figure-budget').textContent()).toBe('-2650 %');
    expect(await page.getByTestId('slo-figure-exhaustion').textContent()).toBe('exhausted');
    // Burn rates over the windows (1 h: the 5 % hour, 50× a 0.1 % allowance).
    const oneHour = page.locator('[data-testid="slo-burn-rate-row"][data-window="1h"] td');
    expect((await oneHour.allTextContents())[0]).toBe('50×');
    await page.getByTestId('slo-burn-down').locator('canvas').first().waitFor();
    await page.getByTestId('slo-burn-rate').locator('canvas').first().waitFor();

    // The page pair (14.4× over 1 h and 5 m) fires once its rule is evaluated after recording.
    await reloadUntil(() => page.getByTestId('slo-state-badge').getAttribute('data-state'), 'critical', 180_000);
    expect(await page.locator('[data-testid="slo-alert-rule"][data-state="firing"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('slo-events-empty').count()).toBe(0);
    const pageRule = page.getByTestId('slo-alert-rule').filter({ hasText: 'page, burn rate over 14.4×' }).getByRole('link');
    const ruleHref = (await pageRule.getAttribute('href')) ?? '';

    await page.getByTestId('slos-nav').getByRole('link', { name: 'Objectives' }).click();
    const row = page.locator(`[data-testid="slo-row"][data-slo-id="${sloId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('critical');
    expect(await row.getByTestId('slo-sli').textContent()).toBe('97.25 %');
    expect(await row.getByTestId('slo-budget').textContent()).toBe('-2650 %');

    // The rule the SLO keeps, in the Alerts section: its condition in words, and no edits but through the SLO.
    await page.goto(`${stack.dashboardUrl}${ruleHref}`);
    await page.getByTestId('rule-title').waitFor();
    expect(await page.getByTestId('rule-condition').first().textContent()).toBe('SLO burn rate over 1 h and 5 min > 14.4×, with at least 10 events in each');
    // The admin is in two projects (the default and Vigil's self-monitoring one): links keep the project.
    expect(await page.getByTestId('rule-slo-link').getAttribute('href')).toBe(`/slos/${sloId}?project=${stack.projectId ?? ''}`);
    expect(await page.getByTestId('edit-rule').count()).toBe(0);
  });

  it('edits the SLO, keeping the workbook’s pairs and placing the API’s problems on the fields', async () => {
    await page.goto(`${stack.dashboardUrl}/slos/${sloId}/edit`);
    await page.getByTestId('slo-form').waitFor();
    expect(await page.getByTestId('slo-name').inputValue()).toBe('Checkout availability');
    expect(await page.getByTestId('custom-burn-rates').isChecked()).toBe(false);
    await page.getByTestId('slo-window').selectOption('calendar:month');
    await page.getByTestId('slo-time-zone').fill('Mars/Olympus');
    await page.getByTestId('save-slo').click();
    expect(await page.getByTestId('slo-window-error').textContent()).toContain('IANA time zone');
    await page.getByTestId('slo-time-zone').fill('Europe/Berlin');
    await page.getByTestId('slo-objective').fill('99');
    await page.getByTestId('save-slo').click();
    await page.waitForURL((url) => url.pathname === `/slos/${sloId}`);
    await expect.poll(() => page.getByTestId('slo-summary').textContent()).toContain('objective 99 % over the calendar month (Europe/Berlin)');
  });

  it('imports a Sloth spec after a dry run, refusing a query it cannot read', async () => {
    await page.getByTestId('slos-nav').getByRole('link', { name: 'Import' }).click();
    await page.waitForURL((url) => url.pathname === '/slos/import');
    await page.getByTestId('import-format').locator('[data-format="sloth"]').click();
    const spec = (error: string) =>
      [
        'version: "prometheus/v1"',
        'service: "checkout"',
        'slos:',
        '  - name: "checkout-requests"',
        '    objective: 99.5',
        '    sli:',
        '      events:',
        `        error_query: ${error}`,
        '        total_query: sum(rate(http_requests_total{service="checkout"}[{{.window}}]))',
      ].join('\n');
    await page.getByTestId('import-document').fill(spec('sum(rate(a[{{.window}}])) - sum(rate(b[{{.window}}]))'));
    await page.getByTestId('import-dry-run').click();
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('the query `sum(rate(a[{{.window}}])) - sum(rate(b[{{.window}}]))` is not supported');
    expect(await page.getByTestId('import-create').count()).toBe(0);

    await page.getByTestId('import-document').fill(spec('sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))'));
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-preview').waitFor();
    expect(await page.getByTestId('import-slo').allTextContents()).toEqual([
      'checkout-requests · 99.5 % over the rolling 30 days1 − http_requests_total{service="checkout", code=~"5.."} / http_requests_total{service="checkout"}',
    ]);
    // A dry run creates nothing.
    const listed = async () => (await (await fetch(`${stack.dashboardUrl}/api/v1/slos?project=${stack.projectId ?? ''}`, { headers: { cookie: await cookieHeader() } })).json()) as { slos: { name: string }[] };
    expect((await listed()).slos.map((slo) => slo.name)).toEqual(['Checkout availability']);

    await page.getByTestId('import-create').click();
    await page.getByTestId('import-created').waitFor();
    expect(await page.getByTestId('import-slo').allTextContents()).toEqual(['checkout-requests']);
    expect((await listed()).slos.map((slo) => slo.name).sort()).toEqual(['Checkout availability', 'checkout-requests']);
    await page.getByTestId('import-slo').getByRole('link').click();
    await page.getByTestId('slo-title').waitFor();
    expect(await page.getByTestId('slo-title').textContent()).toBe('checkout-requests');
  });

  it('shows a viewer no write control, and says why', async () => {
    const undo = await viewAsRole(page, 'viewer');
    await page.goto(`${stack.dashboardUrl}/slos`);
    await page.getByTestId('slo-row').first().waitFor();
    expect(await page.getByTestId('slos-read-only').textContent()).toContain('needs the editor role');
    expect(await page.getByTestId('new-slo').count()).toBe(0);
    expect(await page.getByTestId('slos-import-tab').count()).toBe(0);
    await page.goto(`${stack.dashboardUrl}/slos/${sloId}`);
    await page.getByTestId('slo-title').waitFor();
    expect(await page.getByTestId('edit-slo').count()).toBe(0);
    expect(await page.getByTestId('delete-slo').count()).toBe(0);
    await page.goto(`${stack.dashboardUrl}/slos/new`);
    await page.getByTestId('slo-editor-forbidden').waitFor();
    expect(await page.getByTestId('slo-form').count()).toBe(0);
    await page.goto(`${stack.dashboardUrl}/slos/import`);
    await page.getByTestId('slo-import-forbidden').waitFor();
    await undo();
  });

  it('deletes the SLO with its alert rules', async () => {
    await page.goto(`${stack.dashboardUrl}/slos/${sloId}`);
    await page.getByTestId('delete-slo').click();
    await page.getByTestId('delete-slo-confirm').click();
    await page.waitForURL((url) => url.pathname === '/slos');
    await expect.poll(() => page.getByTestId('slo-row').count()).toBe(1);
    const rules = (await (await fetch(`${stack.dashboardUrl}/api/v1/alert-rules?project=${stack.projectId ?? ''}`, { headers: { cookie: await cookieHeader() } })).json()) as { rules: { kind: string; spec: { sloId?: string } }[] };
    // The imported SLO's rules stay; the deleted one's are gone.
    expect(rules.rules.filter((rule) => rule.kind.startsWith('slo_')).length).toBeGreaterThan(0);
    expect(rules.rules.filter((rule) => rule.spec.sloId === sloId)).toEqual([]);
  });
});

describe('a check-based SLO in the dashboard', () => {
  it('is made in the form from a check, names the check (linking its page) and shows its figures', async () => {
    await page.goto(`${stack.dashboardUrl}/slos/new`);
    await page.getByTestId('slo-form').waitFor();
    await page.getByTestId('slo-name').fill('Payments job runs');
    await page.locator('button[data-kind="check_probes"]').click();
    const picker = page.getByTestId('sli-check');
    await expect.poll(() => picker.locator('option').allTextContents()).toContain(`${HEARTBEAT} (push)`);
    await picker.selectOption({ label: `${HEARTBEAT} (push)` });
    await page.getByTestId('slo-objective').fill('99');
    // The preview reads the check's results: three successful runs of four.
    await expect.poll(sliNumber, { timeout: 30_000 }).toBe(0.75);

    await page.getByTestId('save-slo').click();
    await page.waitForURL((url) => /^\/slos\/[0-9a-f-]{36}$/.test(url.pathname));
    const checkSloId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(await page.getByTestId('slo-sli-text').textContent()).toBe(`successful probes of check ${HEARTBEAT}`);
    expect(await page.getByTestId('slo-check-link').getAttribute('href')).toBe(`/checks/${heartbeatId}?project=${stack.projectId ?? ''}`);

    // Recorded by the worker (the runs are history by now): 3 good of 4; a 99 % objective allows
    // 0.04 bad events of 4, so the one failed run spent 25 budgets: -2400 % left.
    await reloadUntil(() => page.getByTestId('slo-figure-sli').textContent(), '75 %', 150_000);
    expect(await page.getByTestId('slo-figure-budget').textContent()).toBe('-2400 %');

    await page.getByTestId('slos-nav').getByRole('link', { name: 'Objectives' }).click();
    const row = page.locator(`[data-testid="slo-row"][data-slo-id="${checkSloId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('slo-sli-text').textContent()).toBe(`successful probes of check ${HEARTBEAT}`);
    await expect.poll(() => row.getByTestId('slo-sli').textContent()).toBe('75 %');
    await row.getByTestId('slo-check-link').click();
    await page.waitForURL((url) => url.pathname === `/checks/${heartbeatId}`);
    await expect.poll(() => page.getByTestId('check-title').textContent()).toBe(HEARTBEAT);
  });
});

/** The browser's session cookie, for reading the API beside the page. */
async function cookieHeader(): Promise<string> {
  return (await page.context().cookies(stack.dashboardUrl)).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}
