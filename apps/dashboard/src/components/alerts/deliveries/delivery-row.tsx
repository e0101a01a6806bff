'use client';

import { type Delivery, deliverySchema } from '@vigil/contracts';
import { useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { useAlerting } from '../../../hooks/use-alerting';
import { apiJson } from '../../../lib/api-client';
import { formatInstant } from '../../../lib/alert-times';
import { redeliverPath } from '../../../lib/alerts-api';
import { attemptsNewestFirst, canRedeliver, describeAttempt, lastAttempt } from '../../../lib/deliveries';
import { ErrorBanner } from '../../common/status';
import { StateBadge } from '../common/badges';

const COLUMNS = 6;

/** One notification to one channel; expanded, every attempt with its time, answer, error and duration. */
export function DeliveryRow({ delivery, onChanged }: { delivery: Delivery; onChanged(): void }) {
  const { projectId, canConfigure } = useAlerting();
  const [open, setOpen] = useState(false);
  const action = useAction();
  const last = lastAttempt(delivery);

  const redeliver = async () => {
    if (await action.run('redeliver', () => apiJson(redeliverPath(projectId, delivery.id), deliverySchema, { method: 'POST' }))) onChanged();
  };

  return (
    <>
      <tr data-testid="delivery-row" data-delivery-id={delivery.id} data-status={delivery.status} data-kind={delivery.kind}>
        <td className="nowrap">
          <button type="button" className="link-button expander" aria-expanded={open} aria-label={open ? 'Hide attempts' : 'Show attempts'} data-testid="toggle-attempts" onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
          {formatInstant(delivery.createdAt, true)}
        </td>
        <td>{delivery.channelName}</td>
        <td>
          <span className="small muted">{delivery.kind}</span>
          <span className="block" data-testid="delivery-title">
            {delivery.title}
          </span>
        </td>
        <td>
          <StateBadge state={delivery.status} testId="delivery-status" />
          {delivery.nextAttemptAt && delivery.status !== 'delivered' ? <span className="small muted block">next try {formatInstant(delivery.nextAttemptAt, true)}</span> : null}
        </td>
        <td className="small" data-testid="delivery-last-attempt">
          {delivery.attempts.length} {delivery.attempts.length === 1 ? 'attempt' : 'attempts'}
          {last ? <span className="block muted">{describeAttempt(last)}</span> : null}
        </td>
        <td className="actions">
          {canConfigure && canRedeliver(delivery.status) ? (
            <button type="button" data-testid="redeliver" disabled={action.pending !== undefined} onClick={() => void redeliver()}>
              {action.pending ? 'Sending…' : 'Re-deliver'}
            </button>
          ) : null}
        </td>
      </tr>
      {open || action.error ? (
        <tr className="inline-form-row">
          <td colSpan={COLUMNS}>
            {action.error ? <ErrorBanner error={action.error} /> : null}
            {open ? (
              <div data-testid="delivery-attempts">
                <p className="small muted">
                  Webhook id <code>{delivery.webhookId}</code> (the same on every attempt, so receivers can drop repeats)
                  {delivery.deliveredAt ? `; delivered ${formatInstant(delivery.deliveredAt, true)}` : ''}
                </p>
                {delivery.attempts.length === 0 ? (
                  <p className="muted">Not attempted yet.</p>
                ) : (
                  <table className="attempts">
                    <thead>
                      <tr>
                        <th scope="col">Attempt at</th>
                        <th scope="col">Answer</th>
                        <th scope="col" className="num">
                          Took
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {attemptsNewestFirst(delivery).map((attempt) => (
                        <tr key={attempt.at} data-testid="delivery-attempt">
                          <td className="nowrap">{formatInstant(attempt.at, true)}</td>
                          <td className={attempt.status !== null && attempt.status < 300 ? undefined : 'field-error'}>{describeAttempt(attempt)}</td>
                          <td className="num">{Math.round(attempt.durationMs)} ms</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}
