import type { Sli, SloDetail, SloWindow } from '@vigil/contracts';
import { formatDuration } from './durations';
import { formatMatcher } from './label-matchers';

/** An SLI (0…1) as a percentage with enough digits to tell 99.9 % from 99.95 %; null: no data. */
export function formatSli(sli: number | null): string {
  if (sli === null) return 'no data';
  const percent = sli * 100;
  return `${percent >= 99 ? trimZeros(percent.toFixed(3)) : trimZeros(percent.toFixed(2))} %`;
}

/** The budget left (may be negative once overspent). */
export function formatBudget(percent: number | null): string {
  return percent === null ? 'no data' : `${trimZeros(percent.toFixed(1))} %`;
}

/** A burn rate as `2.4×` (1× spends the budget exactly over the window). */
export function formatBurnRate(rate: number | null): string {
  if (rate === null) return '—';
  return `${rate >= 100 ? Math.round(rate) : trimZeros(rate.toFixed(rate >= 10 ? 1 : 2))}×`;
}

export function formatObjective(objective: number): string {
  return `${objective} %`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** `rolling 30 days`, `calendar month (Europe/Berlin)`. */
export function describeWindow(window: SloWindow): string {
  return window.kind === 'rolling' ? `rolling ${window.days} day${window.days === 1 ? '' : 's'}` : `calendar ${window.unit} (${window.timeZone})`;
}

const selectorText = (selector: { name: string; matchers: readonly { label: string; op: '=' | '!=' | '=~' | '!~'; value: string }[] }) =>
  selector.matchers.length === 0 ? selector.name : `${selector.name}{${selector.matchers.map(formatMatcher).join(', ')}}`;

type CheckSli = Extract<Sli, { kind: 'check_probes' | 'check_uptime' }>;

/** A check SLI's words before and after the check's name: `successful probes of check` … `(degraded counts as failed)`. */
export function checkSliWords(sli: CheckSli): { before: string; after: string } {
  if (sli.kind === 'check_probes') return { before: 'successful probes of check', after: sli.degraded === 'bad' ? ' (degraded counts as failed)' : '' };
  return { before: 'minutes up of check', after: sli.degraded === 'bad' ? ' (degraded counts as down)' : '' };
}

/** The SLI in one line, as the list and the detail show it; a check SLI names its check (`checkName`, else its id). */
export function describeSli(sli: Sli, checkName?: string): string {
  const by = 'groupBy' in sli && sli.groupBy.length > 0 ? ` by ${sli.groupBy.join(', ')}` : '';
  switch (sli.kind) {
    case 'ratio':
      return sli.bad ? `1 − ${selectorText(sli.bad)} / ${selectorText(sli.total)}${by}` : `${selectorText(sli.good ?? sli.total)} / ${selectorText(sli.total)}${by}`;
    case 'latency':
      return `${selectorText({ name: sli.histogram, matchers: sli.matchers })} ≤ ${sli.threshold}${by}`;
    case 'check_probes':
    case 'check_uptime': {
      const { before, after } = checkSliWords(sli);
      return `${before} ${checkName ?? sli.checkId}${after}`;
    }
  }
}

export type BurnState = 'critical' | 'warning' | 'ok' | 'no data';

/** The list's burn state: the SLO's alert state, in the words the badges use. */
export function burnState(summary: SloDetail['summary']): BurnState {
  return summary.state === 'no_data' ? 'no data' : summary.state;
}

/** `14.4× over 1h and 5m` for a window pair. */
export function describePair(pair: { burnRate: number; longWindowSeconds: number; shortWindowSeconds: number }): string {
  return `${formatBurnRate(pair.burnRate)} over ${formatDuration(pair.longWindowSeconds)} and ${formatDuration(pair.shortWindowSeconds)}`;
}
