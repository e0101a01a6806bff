/** The verb a method means on a resource path, when the route names no action of its own. */
const VERBS: Record<string, string> = { POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete' };

export interface AuditAction {
  /** The resource kind, the route's first path segment after the API prefix: `alert-rules`, `members`. */
  targetType: string;
  /** `<targetType>.<verb>`: `alert-rules.replace`, `notification-channels.rotate-secret`, `invites.accept`, `account.sessions.delete`. */
  action: string;
  /** The route parameter that names the resource (`:id`, `:project`), if it has one. */
  idParam: string | undefined;
}

/**
 * What a write does, read from its method and route template: `PUT /api/v1/alert-rules/:id` is
 * `alert-rules.replace` of the rule named by `id`; a last segment that is not a parameter names
 * the action (`POST …/:id/rotate-secret` is `notification-channels.rotate-secret`); a resource
 * nested under another keeps its name (`DELETE /account/sessions/:id` is
 * `account.sessions.delete`, not a deletion of the account). So a new route gets a meaningful
 * action without declaring one.
 */
export function auditActionOf(method: string, route: string): AuditAction {
  const segments = route
    .split('?')[0]
    ?.split('/')
    .filter((segment) => segment !== '') ?? [];
  // Past the API prefix (`api/v1`), when there is one.
  const start = segments[0] === 'api' && /^v\d+$/.test(segments[1] ?? '') ? 2 : 0;
  const path = segments.slice(start);
  const targetType = path[0] ?? 'api';
  const params = path.filter((segment) => segment.startsWith(':')).map((segment) => segment.slice(1));
  const last = path[path.length - 1];
  // The words after the resource (`sessions`, `rotate-secret`); the method's verb when the route ends on the resource or an id.
  const words = path.slice(1).filter((segment) => !segment.startsWith(':'));
  const endsWithWord = path.length > 1 && last !== undefined && !last.startsWith(':');
  const verb = endsWithWord ? [] : [VERBS[method.toUpperCase()] ?? method.toLowerCase()];
  return { targetType, action: [targetType, ...words, ...verb].join('.'), idParam: params[0] };
}
