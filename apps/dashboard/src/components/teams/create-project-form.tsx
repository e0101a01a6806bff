'use client';

import { createProjectRequestSchema, type Project, projectSchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { apiJson } from '../../lib/api-client';
import { projectsPath } from '../../lib/teams';
import { FieldError, invalidProps } from '../common/field-error';
import { ErrorBanner } from '../common/status';

/** A new project's name, checked with the API's schema before sending; the organization's owners and admins only. */
export function CreateProjectForm({ organizationId, onCreated }: { organizationId: string; onCreated(project: Project): void }) {
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const action = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = createProjectRequestSchema.safeParse({ name });
    if (!parsed.success) {
      setNameError(`Name ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
      return;
    }
    setNameError(undefined);
    const project = await action.run('create', () => apiJson(projectsPath(organizationId), projectSchema, { method: 'POST', json: parsed.data }));
    if (project) {
      setName('');
      onCreated(project);
    }
  }

  return (
    <form className="card inline-form" id="new-project" onSubmit={(event) => void submit(event)} noValidate data-testid="create-project-form">
      <h2>New project</h2>
      <p className="muted small">A project holds its own telemetry, API keys, alert rules and settings; members see it with their organization role unless given another.</p>
      {action.error ? <ErrorBanner error={action.error} /> : null}
      <div className="inline-fields">
        <label>
          Name
          <input name="name" data-testid="new-project-name" maxLength={100} placeholder="e.g. Checkout" value={name} onChange={(event) => setName(event.target.value)} {...invalidProps('new-project-name-error', nameError)} />
          <FieldError id="new-project-name-error" message={nameError} />
        </label>
        <button type="submit" className="primary" disabled={action.pending !== undefined} data-testid="create-project">
          {action.pending ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  );
}
