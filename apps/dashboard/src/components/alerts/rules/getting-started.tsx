'use client';

import Link from 'next/link';
import { useAlerting } from '../../../hooks/use-alerting';

/**
 * A project without rules: the three steps that make alerts reach someone, each marked done
 * once it is. A rule alone fires but notifies no one, so channels and policies come first.
 */
export function GettingStarted({ channels, policies }: { channels: number | undefined; policies: number | undefined }) {
  const { canConfigure, href } = useAlerting();
  const step = (done: boolean | undefined) => (done ? 'done' : undefined);
  return (
    <section className="card empty" data-testid="rules-empty">
      <h2>No alert rules yet</h2>
      {canConfigure ? (
        <ol className="first-steps">
          <li className={step(channels !== undefined && channels > 0)} data-testid="step-channel">
            {channels === 0 ? <strong>Create a channel first: </strong> : null}
            <Link href={href('channels')}>a notification channel</Link> is where alerts are sent (a signed webhook, Alertmanager or Slack).
          </li>
          <li className={step(policies !== undefined && policies > 0)} data-testid="step-policy">
            <Link href={href('policies')}>A policy</Link> routes alerts to channels and groups them.
          </li>
          <li data-testid="step-rule">
            <Link href={href('rules/new')}>A rule</Link> watches a metric, a ratio or a log search and fires past its thresholds.
          </li>
        </ol>
      ) : (
        <p className="muted">Editors of this project create rules, channels and policies; you will see them here.</p>
      )}
    </section>
  );
}
