'use client';

import { type AuditRecord, auditListResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { apiJson } from '../../lib/api-client';
import { AUDITED_RESOURCES, type AuditFilter, auditPath, type AuditScope } from '../../lib/audit-records';
import { can, managesOrganization, organizationOf } from '../../lib/roles';
import { ErrorBanner, Loading } from '../common/status';
import { AuditTable } from './audit-table';

const SPANS = [
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'Last 30 days', ms: 30 * 86_400_000 },
  { label: 'Everything kept', ms: undefined },
] as const;

function spanStart(span: number): { span: number; from: number | undefined } {
  const ms = SPANS[span]?.ms;
  return { span, from: ms === undefined ? undefined : Date.now() - ms };
}

/**
 * Settings › Audit log: every configuration write, newest first, with who, from where, what and
 * the values before and after (secrets masked). The project's trail for its owners and admins;
 * the whole organization's (members, invitations, projects created and deleted) for the
 * organization's owners and admins.
 */
export function AuditLog() {
  const { user, projectId } = useSession();
  const organizationId = organizationOf(user, projectId) ?? '';
  const projectAllowed = can(user, projectId, 'admin');
  const organizationAllowed = managesOrganization(user, organizationId);
  const [scopeKind, setScopeKind] = useState<AuditScope['kind']>(organizationAllowed ? 'organization' : 'project');
  const [resource, setResource] = useState('');
  // The start of the span is fixed when the span is chosen, so older pages read the same window.
  const [since, setSince] = useState(() => spanStart(1));
  const [older, setOlder] = useState<{ key: string; records: AuditRecord[]; cursor: string | null } | undefined>();
  const action = useAction();

  const scope: AuditScope = scopeKind === 'organization' ? { kind: 'organization', organizationId } : { kind: 'project', projectId };
  const filter: AuditFilter = { action: resource, ...(since.from === undefined ? {} : { from: since.from }) };
  const allowed = scopeKind === 'organization' ? organizationAllowed : projectAllowed;
  const key = allowed ? JSON.stringify([scope, filter]) : null;
  const page = useApiResource(key, (signal) => apiJson(auditPath(scope, filter), auditListResponseSchema, { signal }));

  const records = [...(page.data?.records ?? []), ...(older?.key === key ? older.records : [])];
  const cursor = older?.key === key ? older.cursor : (page.data?.nextCursor ?? null);

  async function loadOlder() {
    if (cursor === null || key === null) return;
    const next = await action.run('older', () => apiJson(auditPath(scope, filter, cursor), auditListResponseSchema));
    if (next) setOlder({ key, records: [...(older?.key === key ? older.records : []), ...next.records], cursor: next.nextCursor });
  }

  const projectNames = new Map(user.projects.map((project) => [project.id, project.name]));
  return (
    <>
      <div className="page-title">
        <h1>Audit log</h1>
      </div>
      <p className="muted">
        Every change to configuration — projects, members, invitations, API keys, settings, alert rules, channels, policies, silences, maintenance windows — with
        who made it, from which address, and the values before and after. Secrets are masked.
      </p>
      {!projectAllowed && !organizationAllowed ? (
        <p className="muted read-only-note" data-testid="audit-forbidden">
          Only owners and admins read the audit log.
        </p>
      ) : (
        <div className="controls card" data-testid="audit-filters">
          <label>
            Trail
            <select data-testid="audit-scope" value={scopeKind} onChange={(event) => setScopeKind(event.target.value as AuditScope['kind'])}>
              {organizationAllowed ? <option value="organization">Whole organization</option> : null}
              {projectAllowed ? <option value="project">This project ({projectNames.get(projectId)})</option> : null}
            </select>
          </label>
          <label>
            What
            <select data-testid="audit-resource" value={resource} onChange={(event) => setResource(event.target.value)}>
              <option value="">Everything</option>
              {AUDITED_RESOURCES.map((one) => (
                <option key={one} value={one}>
                  {one.replaceAll('-', ' ')}
                </option>
              ))}
            </select>
          </label>
          <label>
            When
            <select data-testid="audit-span" value={since.span} onChange={(event) => setSince(spanStart(Number(event.target.value)))}>
              {SPANS.map((one, index) => (
                <option key={one.label} value={index}>
                  {one.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {page.error ? <ErrorBanner error={page.error} onRetry={page.reload} /> : null}
      {page.loading ? <Loading what="the audit log" testId="audit-loading" /> : null}
      {page.data ? (
        records.length === 0 ? (
          <section className="card empty" data-testid="audit-empty">
            <h2>No changes</h2>
            <p className="muted">Nothing was changed in this span.</p>
          </section>
        ) : (
          <AuditTable records={records} projectNames={projectNames} showProject={scopeKind === 'organization'} />
        )
      ) : null}
      {action.error ? <ErrorBanner error={action.error} /> : null}
      {page.data && cursor !== null ? (
        <button type="button" className="load-more" data-testid="audit-older" disabled={action.pending !== undefined} onClick={() => void loadOlder()}>
          {action.pending ? 'Loading…' : 'Older changes'}
        </button>
      ) : null}
    </>
  );
}
