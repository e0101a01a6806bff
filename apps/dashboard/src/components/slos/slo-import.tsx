'use client';

import { SLO_IMPORT_FORMATS, type SloImportResponse, sloImportResponseSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useSlos } from '../../hooks/use-slos';
import { apiJson } from '../../lib/api-client';
import { describeSli, describeWindow, formatObjective } from '../../lib/slo-display';
import { sloImportPath } from '../../lib/slos-api';
import { ErrorBanner } from '../common/status';

type ImportFormat = (typeof SLO_IMPORT_FORMATS)[number];
const FORMAT_LABELS: Record<ImportFormat, string> = { openslo: 'OpenSLO v1', sloth: 'Sloth (prometheus/v1)' };

/**
 * SLOs → Import: OpenSLO v1 or Sloth YAML, pasted or read from a file. A dry run shows what would
 * be created (or every problem, with where it is); creating is all or none.
 */
export function SloImport() {
  const { projectId, canConfigure, href } = useSlos();
  const [format, setFormat] = useState<ImportFormat>('openslo');
  const [document, setDocument] = useState('');
  const [result, setResult] = useState<SloImportResponse | undefined>();
  const action = useAction();
  const send = (dryRun: boolean) =>
    void action.run(dryRun ? 'dry-run' : 'import', async () => {
      const answer = await apiJson(sloImportPath(projectId), sloImportResponseSchema, { method: 'POST', json: { format, document, dryRun } });
      setResult(answer);
      return answer;
    });
  const change = (next: { format?: ImportFormat; document?: string }) => {
    if (next.format !== undefined) setFormat(next.format);
    if (next.document !== undefined) setDocument(next.document);
    // What was shown no longer describes the text.
    setResult(undefined);
    action.clear();
  };

  if (!canConfigure) {
    return (
      <p className="card muted" data-testid="slo-import-forbidden">
        Importing creates SLOs, which your role in this project does not allow; ask an editor, admin or owner.
      </p>
    );
  }
  return (
    <>
      <div className="page-title">
        <h1>Import SLOs</h1>
      </div>
      <form className="slo-form import-form" onSubmit={(event) => event.preventDefault()} data-testid="slo-import-form">
        <section className="card">
          <div className="range" role="radiogroup" aria-label="Format" data-testid="import-format">
            {SLO_IMPORT_FORMATS.map((one) => (
              <button key={one} type="button" role="radio" aria-checked={format === one} className={format === one ? 'selected' : undefined} data-format={one} onClick={() => change({ format: one })}>
                {FORMAT_LABELS[one]}
              </button>
            ))}
          </div>
          <p className="small muted">
            {format === 'openslo'
              ? 'One or more documents of kind SLO (with their SLI inline or as a separate kind: SLI document), ratio or threshold metrics from Prometheus-style sources.'
              : 'A Sloth spec (version prometheus/v1). Its SLIs are PromQL; the shape read is sum(rate(metric{matchers}[window])), optionally by labels. Anything else is refused, naming the expression.'}
          </p>
          <label>
            YAML file
            <input
              type="file"
              accept=".yaml,.yml,text/yaml"
              data-testid="import-file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void file.text().then((text) => change({ document: text }));
              }}
            />
          </label>
          <label>
            or paste it
            <textarea data-testid="import-document" spellCheck={false} value={document} onChange={(event) => change({ document: event.target.value })} />
          </label>
        </section>
        {action.error ? <ErrorBanner error={action.error} /> : null}
        <div className="form-actions">
          <button type="button" disabled={document.trim() === '' || action.pending !== undefined} onClick={() => send(true)} data-testid="import-dry-run">
            {action.pending === 'dry-run' ? 'Reading…' : 'Dry run'}
          </button>
          {result?.dryRun && result.slos.length > 0 ? (
            <button type="button" className="primary" disabled={action.pending !== undefined} onClick={() => send(false)} data-testid="import-create">
              {action.pending === 'import' ? 'Creating…' : `Create ${result.slos.length} SLO${result.slos.length === 1 ? '' : 's'}`}
            </button>
          ) : null}
        </div>
      </form>
      {result ? (
        <section className="card" data-testid={result.dryRun ? 'import-preview' : 'import-created'}>
          <h2>{result.dryRun ? `Would create ${result.slos.length} SLO${result.slos.length === 1 ? '' : 's'}` : `Created ${result.created.length} SLO${result.created.length === 1 ? '' : 's'}`}</h2>
          <ul className="preview-slos">
            {result.dryRun
              ? result.slos.map((slo, index) => (
                  <li key={`${slo.name}:${index}`} data-testid="import-slo">
                    <strong>{slo.name}</strong> · {formatObjective(slo.objective)} over the {describeWindow(slo.window)}
                    <code className="block small">{describeSli(slo.sli)}</code>
                  </li>
                ))
              : result.created.map((slo) => (
                  <li key={slo.id} data-testid="import-slo">
                    <Link href={href(slo.id)}>{slo.name}</Link>
                  </li>
                ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
