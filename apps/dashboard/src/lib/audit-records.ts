import type { AuditRecord } from '@vigil/contracts';

export type AuditScope = { kind: 'project'; projectId: string } | { kind: 'organization'; organizationId: string };

export interface AuditFilter {
  /** A resource (`alert-rules`) or one action (`alert-rules.replace`); empty: everything. */
  action: string;
  from?: number;
  to?: number;
}

/** `GET /api/v1/audit-log?project=…` or `/api/v1/organization-audit-log?organization=…`, with the filter and a page's cursor. */
export function auditPath(scope: AuditScope, filter: AuditFilter, cursor?: string): string {
  const query = new URLSearchParams(scope.kind === 'project' ? { project: scope.projectId } : { organization: scope.organizationId });
  if (filter.action !== '') query.set('action', filter.action);
  if (filter.from !== undefined) query.set('from', String(filter.from));
  if (filter.to !== undefined) query.set('to', String(filter.to));
  if (cursor !== undefined) query.set('cursor', cursor);
  query.set('limit', '50');
  return `${scope.kind === 'project' ? '/api/v1/audit-log' : '/api/v1/organization-audit-log'}?${query.toString()}`;
}

/** Resources whose writes the trail records, for the filter (others are found by typing nothing: everything). */
export const AUDITED_RESOURCES = [
  'projects',
  'project-settings',
  'api-keys',
  'members',
  'invites',
  'organizations',
  'account',
  'alert-rules',
  'notification-channels',
  'notification-policies',
  'silences',
  'maintenance-windows',
  'deliveries',
] as const;

/** `alert-rules.replace` → `alert rules · replace`; `account.sessions.delete` → `account · sessions · delete`. */
export function describeAction(action: string): string {
  return action
    .split('.')
    .map((word) => word.replaceAll('-', ' '))
    .join(' · ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The paths (`spec.critical`, `name`) whose values differ between before and after, so the
 * record's view can mark them. Objects are compared key by key, anything else as JSON.
 */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], prefix === '' ? key : `${prefix}.${key}`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix === '' ? '(value)' : prefix];
}

/** What the record is about, as people call it: the resource's name or e-mail, where it has one. */
export function targetLabel(record: AuditRecord): string {
  for (const side of [record.after, record.before]) {
    if (!isObject(side)) continue;
    const own = side['name'] ?? side['email'];
    if (typeof own === 'string') return own;
    for (const value of Object.values(side)) {
      if (isObject(value) && typeof (value['name'] ?? value['email']) === 'string') return String(value['name'] ?? value['email']);
    }
  }
  return record.target.id ?? record.target.type;
}
