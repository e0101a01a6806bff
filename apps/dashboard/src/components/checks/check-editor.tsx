'use client';

import { checkSchema } from '@vigil/contracts';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { apiJson } from '../../lib/api-client';
import { checkFormFromCheck, emptyCheckForm } from '../../lib/check-form';
import { checkPath } from '../../lib/checks-api';
import { ErrorBanner, Loading } from '../common/status';
import { CheckEditorForm } from './check-editor-form';

/** Checks → New check, or a check's Edit: the form, loaded with the stored check when editing. */
export function CheckEditor({ checkId }: { checkId?: string }) {
  const { projectId, canConfigure } = useChecks();
  const loaded = useApiResource(checkId ? `check:${projectId}:${checkId}` : null, (signal) => apiJson(checkPath(projectId, checkId ?? ''), checkSchema, { signal }));
  const check = loaded.data;
  return (
    <>
      <div className="page-title">
        <h1>{checkId ? `Edit ${check?.name ?? 'check'}` : 'New check'}</h1>
      </div>
      {canConfigure ? null : (
        <p className="card muted" data-testid="check-editor-forbidden">
          Your role in this project reads checks but does not change them; ask an editor, admin or owner.
        </p>
      )}
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading ? <Loading what="the check" /> : null}
      {canConfigure && !checkId ? <CheckEditorForm initial={emptyCheckForm()} /> : null}
      {canConfigure && check ? <CheckEditorForm key={check.id} initial={checkFormFromCheck(check)} check={check} /> : null}
    </>
  );
}
