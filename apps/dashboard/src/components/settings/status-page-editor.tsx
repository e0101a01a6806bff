'use client';

import { type CheckView, type StatusPage, type StatusPageComponent, statusPageSchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { apiJson, apiSend } from '../../lib/api-client';
import { placeProblem } from '../../lib/form-errors';
import { moveItem, publicStatusPagePath, slugFrom, statusPagesPath } from '../../lib/status-page';
import { ConfirmButton } from '../common/confirm-button';
import { FieldError, invalidProps } from '../common/field-error';
import { FormActions } from '../common/form-actions';
import { ErrorBanner } from '../common/status';

const FIELDS = ['slug', 'title', 'description', 'components'] as const;

interface Draft {
  slug: string;
  title: string;
  description: string;
  showCauses: boolean;
  components: StatusPageComponent[];
}

const draftOf = (page: StatusPage | undefined): Draft =>
  page
    ? { slug: page.slug, title: page.title, description: page.description, showCauses: page.showCauses, components: page.components }
    : { slug: '', title: '', description: '', showCauses: false, components: [] };

/**
 * One status page's settings: its address, title and description, and the checks it shows in
 * order, each under a public name and an optional group. The API checks everything (a taken
 * slug, a check of another project) and its messages are placed on the fields.
 */
export function StatusPageEditor(props: { projectId: string; page: StatusPage | undefined; checks: readonly CheckView[]; readOnly: boolean; onSaved(id: string): void; onDeleted(): void }) {
  const { projectId, page, checks, readOnly } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(page));
  const [slugEdited, setSlugEdited] = useState(page !== undefined);
  const [notice, setNotice] = useState('');
  const action = useAction();
  const placed = action.error ? placeProblem(action.error.problem, FIELDS) : undefined;
  const byId = new Map(checks.map((check) => [check.id, check]));
  const shown = new Set(draft.components.map((component) => component.checkId));

  function edit(change: Partial<Draft>) {
    setDraft((previous) => ({ ...previous, ...change }));
    setNotice('');
    action.clear();
  }
  const editComponent = (index: number, change: Partial<StatusPageComponent>) =>
    edit({ components: draft.components.map((component, at) => (at === index ? { ...component, ...change } : component)) });

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const saved = await action.run('save', () =>
      apiJson(page ? statusPagesPath(projectId, page.id) : statusPagesPath(projectId), statusPageSchema, { method: page ? 'PUT' : 'POST', json: draft }),
    );
    if (saved) {
      setNotice(page ? 'Saved. The public page shows it within 30 seconds.' : 'Created.');
      props.onSaved(saved.id);
    }
  }

  async function remove() {
    if (!page) return;
    const done = await action.run('delete', async () => {
      await apiSend(statusPagesPath(projectId, page.id), { method: 'DELETE' });
      return true;
    });
    if (done) props.onDeleted();
  }

  return (
    <form className="card status-page-form" onSubmit={(event) => void save(event)} noValidate data-testid="status-page-form">
      {action.error && (placed?.unplaced.length ?? 0) + Object.keys(placed?.fields ?? {}).length === 0 ? <ErrorBanner error={action.error} /> : null}
      {placed && placed.unplaced.length > 0 ? <p className="field-error">{placed.unplaced.join(' ')}</p> : null}
      {page ? (
        <p>
          Public page:{' '}
          <a href={publicStatusPagePath(page.slug)} target="_blank" rel="noreferrer" data-testid="status-page-link">
            {publicStatusPagePath(page.slug)}
          </a>
        </p>
      ) : (
        <h2>New status page</h2>
      )}
      <fieldset className="plain" disabled={readOnly}>
        <div className="form-grid">
          <label>
            Title
            <input
              name="title"
              data-testid="status-page-title"
              value={draft.title}
              {...invalidProps('status-page-title-error', placed?.fields.title)}
              onChange={(event) => edit({ title: event.target.value, ...(slugEdited ? {} : { slug: slugFrom(event.target.value) }) })}
            />
            <FieldError id="status-page-title-error" message={placed?.fields.title} />
          </label>
          <label>
            Address (slug)
            <span className="input-with-unit">
              <span className="muted">/status/</span>
              <input
                name="slug"
                data-testid="status-page-slug"
                value={draft.slug}
                {...invalidProps('status-page-slug-error', placed?.fields.slug)}
                onChange={(event) => {
                  setSlugEdited(true);
                  edit({ slug: event.target.value });
                }}
              />
            </span>
            <FieldError id="status-page-slug-error" message={placed?.fields.slug} />
          </label>
          <label>
            Description
            <textarea name="description" rows={2} value={draft.description} onChange={(event) => edit({ description: event.target.value })} />
            <FieldError id="status-page-description-error" message={placed?.fields.description} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={draft.showCauses} data-testid="status-page-show-causes" onChange={(event) => edit({ showCauses: event.target.checked })} />
            Show incident causes (probe error texts, which may name hosts or addresses) to the public
          </label>
        </div>
        <h3>Checks shown</h3>
        <FieldError id="status-page-components-error" message={placed?.fields.components} />
        {checks.length === 0 ? <p className="muted">This project has no checks yet; add some under Checks first.</p> : null}
        <table className="status-page-checks" data-testid="status-page-checks">
          <thead>
            <tr>
              <th>Shown</th>
              <th>Check</th>
              <th>Public name</th>
              <th>Group</th>
              <th>Order</th>
            </tr>
          </thead>
          <tbody>
            {draft.components.map((component, index) => (
              <tr key={component.checkId} data-testid="status-page-chosen-check" data-check-id={component.checkId}>
                <td>
                  <input type="checkbox" checked aria-label={`Show ${byId.get(component.checkId)?.name ?? 'check'}`} onChange={() => edit({ components: draft.components.filter((_one, at) => at !== index) })} />
                </td>
                <td>{byId.get(component.checkId)?.name ?? <span className="muted">(deleted check)</span>}</td>
                <td>
                  <input aria-label="Public name" data-testid="status-page-component-name" value={component.name} onChange={(event) => editComponent(index, { name: event.target.value })} />
                </td>
                <td>
                  <input aria-label="Group" value={component.group} onChange={(event) => editComponent(index, { group: event.target.value })} />
                </td>
                <td className="button-row">
                  <button type="button" aria-label="Move up" disabled={index === 0} onClick={() => edit({ components: moveItem(draft.components, index, -1) })}>
                    ↑
                  </button>
                  <button type="button" aria-label="Move down" disabled={index === draft.components.length - 1} onClick={() => edit({ components: moveItem(draft.components, index, 1) })}>
                    ↓
                  </button>
                </td>
              </tr>
            ))}
            {checks
              .filter((check) => !shown.has(check.id))
              .map((check) => (
                <tr key={check.id} className="muted" data-testid="status-page-unchosen-check" data-check-name={check.name}>
                  <td>
                    <input type="checkbox" checked={false} aria-label={`Show ${check.name}`} onChange={() => edit({ components: [...draft.components, { checkId: check.id, name: check.name, group: '' }] })} />
                  </td>
                  <td>{check.name}</td>
                  <td colSpan={3} />
                </tr>
              ))}
          </tbody>
        </table>
        <FormActions
          submitLabel={page ? 'Save' : 'Create status page'}
          submitTestId="save-status-page"
          busy={action.pending !== undefined}
          saving={action.pending === 'save'}
          status={notice}
          statusTestId="status-page-status"
        >
          {page ? (
            <ConfirmButton label="Delete page" confirmLabel="Delete" message="Its public address stops working at once." busy={action.pending !== undefined} onConfirm={() => void remove()} testId="delete-status-page" />
          ) : null}
        </FormActions>
      </fieldset>
    </form>
  );
}
