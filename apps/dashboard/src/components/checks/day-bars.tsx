import { type DayBar, describeBar } from '../../lib/check-display';

/** 90 daily bars (oldest first), each titled with its day's uptime; the colour is a hint, the title says it. */
export function DayBars({ bars, large = false, testId = 'day-bars' }: { bars: readonly DayBar[]; large?: boolean; testId?: string }) {
  const measured = bars.filter((bar) => bar.total > 0);
  const up = measured.reduce((sum, bar) => sum + bar.total * (bar.uptime ?? 0), 0);
  const total = measured.reduce((sum, bar) => sum + bar.total, 0);
  return (
    <span className={`day-bars${large ? ' large' : ''}`} role="img" aria-label={total === 0 ? 'No results in the last 90 days' : `Last 90 days: ${((up / total) * 100).toFixed(2)} % of results up`} data-testid={testId}>
      {bars.map((bar) => (
        <span key={bar.day} className={`day-bar tone-${bar.tone}`} title={describeBar(bar)} data-day={bar.day} data-tone={bar.tone} />
      ))}
    </span>
  );
}
