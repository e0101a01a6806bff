import type { AlertSeverity } from '@vigil/contracts';

/** A state (`firing`, `pending`, `ok`, `delivered`, `dead`, …) as a coloured word; the colour is a hint, the word says it. */
export function StateBadge({ state, severity, testId = 'state-badge' }: { state: string; severity?: AlertSeverity | null; testId?: string }) {
  const tone = state === 'firing' ? `firing-${severity ?? 'warning'}` : state.replace(/\s+/g, '-');
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} data-state={state}>
      {state}
      {severity && state === 'firing' ? ` · ${severity}` : ''}
    </span>
  );
}

/** `key="value"` chips for an alert's labels. */
export function LabelChips({ labels, testId = 'labels' }: { labels: Record<string, string>; testId?: string }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <span className="label-chips" data-testid={testId}>
      {entries.map(([key, value]) => (
        <code key={key} className="label-chip">
          {key}=&quot;{value}&quot;
        </code>
      ))}
    </span>
  );
}
