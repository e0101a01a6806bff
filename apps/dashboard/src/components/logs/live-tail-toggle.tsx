'use client';

import type { TailStatus } from '../../hooks/use-log-tail';

const STATUS_TEXT: Record<TailStatus, string> = {
  off: '',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

/** Turns live tail on and off; while on, a pulsing dot says whether records are flowing. */
export function LiveTailToggle({ on, status, onToggle, count }: { on: boolean; status: TailStatus; onToggle(): void; count: number }) {
  return (
    <div className="live-tail">
      <button type="button" aria-pressed={on} className={on ? 'selected' : undefined} data-testid="live-toggle" onClick={onToggle}>
        {on ? 'Stop live tail' : 'Live tail'}
      </button>
      {on ? (
        <span className={`live-indicator live-${status}`} data-testid="live-indicator" data-status={status} role="status">
          <span className="dot" aria-hidden="true" />
          {STATUS_TEXT[status]}
          {count > 0 ? ` · ${count} new` : ''}
        </span>
      ) : null}
    </div>
  );
}
