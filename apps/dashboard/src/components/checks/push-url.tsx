'use client';

import { type CheckView, checkCreatedResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useChecks } from '../../hooks/use-checks';
import { formatInstant } from '../../lib/alert-times';
import { apiJson } from '../../lib/api-client';
import { formatLatency } from '../../lib/check-display';
import { checkPath } from '../../lib/checks-api';
import { ConfirmButton } from '../common/confirm-button';
import { SecretField } from '../common/secret-field';
import { ErrorBanner } from '../common/status';

/**
 * A push check's ping URL and its last pings. The URL holds the credential, so Vigil keeps only
 * its hash and shows it once (at creation or rotation): here the prefix, and a new URL on rotating.
 */
export function PushUrl({ check, onChanged }: { check: CheckView; onChanged(): void }) {
  const { projectId, canConfigure } = useChecks();
  const rotate = useAction();
  const [url, setUrl] = useState<string | undefined>();
  const push = check.state.push;
  return (
    <section className="card" data-testid="push-url">
      <h2>Ping URL</h2>
      {url ? (
        <>
          <p className="small">Copy it now: it is shown only once. GET, HEAD or POST it when the job succeeds; add /start when it begins, /fail (or /&lt;exit status&gt;) when it fails.</p>
          <SecretField secret={url} label="Ping URL" testIds={{ input: 'push-url-value', copy: 'push-url-copy', status: 'push-url-copy-status' }} />
        </>
      ) : (
        <p className="small">
          <code data-testid="push-url-prefix">…/api/v1/push/{check.pushTokenPrefix ?? 'vpt_'}…</code> — the whole URL was shown when the check was made; rotate it to see a new one.
        </p>
      )}
      {push ? (
        <dl className="facts">
          <dt>Last ping</dt>
          <dd data-testid="push-last-ping">{formatInstant(push.lastPingAt, true, 'none yet')}</dd>
          <dt>Down unless pinged by</dt>
          <dd>{formatInstant(push.deadline, true)}</dd>
          {push.runningSince ? (
            <>
              <dt>Running since</dt>
              <dd>{formatInstant(push.runningSince, true)}</dd>
            </>
          ) : null}
          <dt>Last run took</dt>
          <dd>{formatLatency(push.lastDurationMs)}</dd>
          {push.lastFailure ? (
            <>
              <dt>Last failure</dt>
              <dd>
                <pre className="small">{push.lastFailure}</pre>
              </dd>
            </>
          ) : null}
          {push.flags.includes('pinging_too_often') ? (
            <>
              <dt>Note</dt>
              <dd className="field-error">The job pings far more often than its period: is the period right?</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {canConfigure ? (
        <ConfirmButton
          label="Rotate URL"
          confirmLabel="Rotate"
          message="The old URL stops working at once; update the job."
          busy={rotate.pending !== undefined}
          testId="rotate-push-url"
          onConfirm={() =>
            void rotate.run('rotate', async () => {
              const answer = await apiJson(checkPath(projectId, check.id, 'rotate-push-token'), checkCreatedResponseSchema, { method: 'POST' });
              setUrl(answer.pushUrl ?? undefined);
              onChanged();
            })
          }
        />
      ) : null}
      {rotate.error ? <ErrorBanner error={rotate.error} /> : null}
    </section>
  );
}
