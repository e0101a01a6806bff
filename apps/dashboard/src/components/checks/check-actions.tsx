'use client';

import { type CheckView, checkResultsResponseSchema, checkRunResponseSchema, checkSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { ApiError, apiJson, apiSend } from '../../lib/api-client';
import { formatLatency } from '../../lib/check-display';
import { checkFormFromCheck, checkRequestFromForm } from '../../lib/check-form';
import { checkPath } from '../../lib/checks-api';
import { StateBadge } from '../alerts/common/badges';
import { ConfirmButton } from '../common/confirm-button';
import { ErrorBanner } from '../common/status';

/** A check's buttons: run now (and its result), edit, pause or resume, delete; editors and above only. */
export function CheckActions({ check, onChanged }: { check: CheckView; onChanged(): void }) {
  const { projectId, canConfigure, href } = useChecks();
  const router = useRouter();
  const action = useAction();
  // "Save and run now" in the form opens this page with the run it asked for (?run=<ms>&regions=a,b).
  const params = useSearchParams();
  const [run, setRun] = useState<{ at: number; regions: string[] } | undefined>(() => {
    const at = Number(params.get('run'));
    return Number.isSafeInteger(at) && at > 0 ? { at, regions: (params.get('regions') ?? '').split(',').filter((region) => region !== '') } : undefined;
  });
  if (!canConfigure) return null;

  const runNow = () =>
    void action.run('run', async () => {
      const at = Date.now();
      const { queued } = await apiJson(checkPath(projectId, check.id, 'run'), checkRunResponseSchema, { method: 'POST' });
      setRun({ at, regions: queued });
    });

  const setEnabled = (enabled: boolean) =>
    void action.run(enabled ? 'resume' : 'pause', async () => {
      const read = checkRequestFromForm({ ...checkFormFromCheck(check), enabled });
      if (!read.ok) throw new ApiError({ type: 'about:blank', title: 'Cannot change this check here', status: 0, detail: [...Object.values(read.errors), ...read.unplaced].join(' ') });
      await apiJson(checkPath(projectId, check.id), checkSchema, { method: 'PUT', json: read.request });
      onChanged();
    });

  return (
    <span className="rule-actions">
      <span className="button-row">
        {check.kind !== 'push' && check.enabled ? (
          <button type="button" className="primary" data-testid="run-check" disabled={action.pending !== undefined} onClick={runNow}>
            {action.pending === 'run' ? 'Running…' : 'Run now'}
          </button>
        ) : null}
        <Link className="button" href={href(`${check.id}/edit`)} data-testid="edit-check">
          Edit
        </Link>
        <button type="button" data-testid={check.enabled ? 'pause-check' : 'resume-check'} disabled={action.pending !== undefined} onClick={() => setEnabled(!check.enabled)}>
          {check.enabled ? 'Pause' : 'Resume'}
        </button>
        <ConfirmButton
          label="Delete"
          confirmLabel="Delete check"
          message="Its state and incidents go with it; its results stay until they expire."
          busy={action.pending !== undefined}
          testId="delete-check"
          onConfirm={() =>
            void action
              .run('delete', async () => {
                await apiSend(checkPath(projectId, check.id), { method: 'DELETE' });
                return true;
              })
              .then((deleted) => {
                if (deleted) router.push(href(''));
              })
          }
        />
      </span>
      {action.error ? <ErrorBanner error={action.error} /> : null}
      {run ? <RunResult checkId={check.id} run={run} /> : null}
    </span>
  );
}

/** How long to wait for the extra run's results: the longest timeout (60 s) and the writer's flush. */
const RUN_WAIT_MS = 75_000;

/** The results that came in since "Run now" was pressed, one per region it was queued in. */
function RunResult({ checkId, run }: { checkId: string; run: { at: number; regions: string[] } }) {
  const { projectId } = useChecks();
  const [done, setDone] = useState(false);
  const loaded = useApiResource(
    `check-run:${projectId}:${checkId}:${run.at}`,
    async (signal) => {
      const { results } = await apiJson(checkPath(projectId, checkId, 'results', { from: run.at, to: Date.now(), limit: 100 }), checkResultsResponseSchema, { signal });
      // The oldest result of each region since the click is the run asked for (newest first: the oldest is set last).
      const byRegion = new Map(results.map((result) => [result.region, result] as const));
      if (run.regions.every((region) => byRegion.has(region)) || Date.now() - run.at > RUN_WAIT_MS) setDone(true);
      return byRegion;
    },
    done ? undefined : 1_000,
  );
  if (run.regions.length === 0) {
    return (
      <p className="small muted run-result" data-testid="run-result">
        No prober is running in any region: nothing ran.
      </p>
    );
  }
  return (
    <ul className="small run-result firing-list" data-testid="run-result" aria-live="polite">
      {run.regions.map((region) => {
        const result = loaded.data?.get(region);
        return (
          <li key={region} data-testid="run-result-region" data-region={region} data-state={result?.status ?? 'waiting'}>
            {region}:{' '}
            {result ? (
              <>
                <StateBadge state={result.status} testId="run-result-state" /> {result.statusCode ?? ''} {formatLatency(result.latencyMs)} {result.error ? <span className="field-error">{result.error}</span> : null}
              </>
            ) : done ? (
              'no result yet; it will show in the chart when it comes'
            ) : (
              'running…'
            )}
          </li>
        );
      })}
    </ul>
  );
}
