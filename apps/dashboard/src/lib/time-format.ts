/**
 * The dashboard's one way of writing a time: the browser's local time, 24-hour, ISO order —
 * `2026-01-05 14:03:07.123` in full. Parts are left out where the context already says them:
 * the date when everything shown falls on one day, seconds when the resolution is a minute or
 * coarser, milliseconds except for single events (log records). Charts' axes, legends, range
 * labels, log timestamps and tables all go through here.
 *
 * Hand-written rather than `Intl.DateTimeFormat`: its output follows the browser's locale
 * (`12/4/26, 5:35 PM` here, `04.12.26, 17:35` there), which is exactly the inconsistency this
 * replaces, and a fixed pattern needs only the Date getters.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Points a chart draws across its range (the services API's detail step, `stepFor`'s default). */
const CHART_POINTS = 240;

export interface TimeDetail {
  date: boolean;
  seconds: boolean;
  millis?: boolean;
}

const pad = (value: number, size = 2) => String(value).padStart(size, '0');

/** `2026-01-05` in local time. */
export function formatDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `14:03`, `14:03:07`, `2026-01-05 14:03:07.123`… in local time, as `detail` asks. */
export function formatTime(ms: number, detail: TimeDetail): string {
  const date = new Date(ms);
  let text = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (detail.seconds || detail.millis) text += `:${pad(date.getSeconds())}`;
  if (detail.millis) text += `.${pad(date.getMilliseconds(), 3)}`;
  return detail.date ? `${formatDate(ms)} ${text}` : text;
}

export function sameDay(a: number, b: number): boolean {
  return formatDate(a) === formatDate(b);
}

/**
 * What a time inside [from, to] needs to be told apart: the date when the range spans days,
 * seconds when the resolution (a chart's step, an axis' tick spacing) is under a minute,
 * milliseconds when it is under a second.
 */
export function detailFor(range: { from: number; to: number }, resolutionMs: number): TimeDetail {
  return { date: !sameDay(range.from, range.to), seconds: resolutionMs < MINUTE, millis: resolutionMs < SECOND };
}

/** A single event (a log record): every part, to the millisecond. */
export const EVENT_DETAIL: TimeDetail = { date: true, seconds: true, millis: true };

/**
 * `2026-01-05 14:03 – 15:03`; the end's date only when it differs. Seconds when the range is as
 * short as a zoomed chart's (its points less than a minute apart), so a zoom reads exactly.
 */
export function formatTimeRange(from: number, to: number): string {
  const seconds = (to - from) / CHART_POINTS < MINUTE;
  const end = formatTime(to, { date: !sameDay(from, to), seconds });
  return `${formatTime(from, { date: true, seconds })} – ${end}`;
}

/**
 * Axis tick labels for times (epoch ms) `spacingMs` apart: `14:05` (or `14:05:30` under a
 * minute); the date on a second line under the first tick and wherever the day changes.
 */
export function formatTimeTicks(ticks: readonly number[], spacingMs: number): string[] {
  return ticks.map((tick, index) => {
    const previous = ticks[index - 1];
    const time = formatTime(tick, { date: false, seconds: spacingMs < MINUTE, millis: spacingMs < SECOND });
    return previous === undefined || !sameDay(previous, tick) ? `${time}\n${formatDate(tick)}` : time;
  });
}

/**
 * A length of time in its largest units, at most two of them: `5 min`, `1 h`, `2 h 48 min`,
 * `30 s`; days from two on (`24 h` is how a day-long window is usually said).
 */
export function formatSpan(ms: number): string {
  if (ms < SECOND) return `${ms} ms`;
  const units = [
    { ms: ms >= 2 * DAY ? DAY : Infinity, symbol: 'd' },
    { ms: HOUR, symbol: 'h' },
    { ms: MINUTE, symbol: 'min' },
    { ms: SECOND, symbol: 's' },
  ];
  const parts: string[] = [];
  let rest = Math.round(ms / SECOND) * SECOND;
  for (const unit of units) {
    const count = Math.floor(rest / unit.ms);
    if (count > 0 && parts.length < 2) {
      parts.push(`${count} ${unit.symbol}`);
      rest -= count * unit.ms;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.join(' ');
}
