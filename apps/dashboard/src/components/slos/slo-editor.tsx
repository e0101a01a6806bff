'use client';

import { sloDetailSchema } from '@vigil/contracts';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSlos } from '../../hooks/use-slos';
import { apiJson } from '../../lib/api-client';
import { emptySloForm, sloFormFromSlo } from '../../lib/slo-form';
import { slosPath } from '../../lib/slos-api';
import { ErrorBanner, Loading } from '../common/status';
import { SloEditorForm } from './slo-editor-form';

/** SLOs → New SLO, or an SLO's Edit: the form, loaded with the stored SLO when editing. */
export function SloEditor({ sloId }: { sloId?: string }) {
  const { projectId, canConfigure } = useSlos();
  const loaded = useApiResource(sloId ? `slo:${projectId}:${sloId}` : null, (signal) => apiJson(slosPath(projectId, sloId), sloDetailSchema, { signal }));
  const slo = loaded.data?.slo;
  const form = slo ? sloFormFromSlo(slo) : undefined;
  return (
    <>
      <div className="page-title">
        <h1>{sloId ? `Edit ${slo?.name ?? 'SLO'}` : 'New SLO'}</h1>
      </div>
      {canConfigure ? null : (
        <p className="card muted" data-testid="slo-editor-forbidden">
          Your role in this project reads SLOs but does not change them; ask an editor, admin or owner.
        </p>
      )}
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading ? <Loading what="the SLO" /> : null}
      {canConfigure && !sloId ? <SloEditorForm initial={emptySloForm()} /> : null}
      {canConfigure && slo && form ? <SloEditorForm key={slo.id} initial={form} slo={slo} /> : null}
    </>
  );
}
