import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError } from '@vigil/server-kit';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AccessRequest, RequestAccess } from '../auth/access.guard';

/** Carries a snapshot read's grant: in-process only (Fastify's inject), never from the network. */
export const SNAPSHOT_HEADER = 'x-vigil-audit-snapshot';

/** How a write's resource is read: the item route, or the collection route and the item in it by id. */
interface SnapshotSource {
  path: string;
  pickId: string | undefined;
}

/** `/api/v1/alert-rules/:id` with params `{ id: 'r1' }` → `/api/v1/alert-rules/r1`. */
function fill(template: string, params: Record<string, string>): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The first array in a list answer (`{ silences: [...] }`), and in it the element with this id. */
function pick(body: unknown, id: string): unknown {
  if (body === null || typeof body !== 'object') return null;
  for (const value of Object.values(body)) {
    if (Array.isArray(value)) return value.find((item: unknown) => typeof item === 'object' && item !== null && (item as { id?: unknown }).id === id) ?? null;
  }
  return null;
}

/**
 * Reads the resource a write changes, as the API itself shows it, so the audit trail has its
 * before and after without each route saying how: the route's `GET` twin. For `PUT
 * /alert-rules/:id` that is `GET /alert-rules/:id`; for an action (`POST
 * /notification-channels/:id/rotate-secret`) the resource's own `GET`; where there is no item
 * route (`DELETE /silences/:id`), the collection's `GET` and the item in it with that id; for a
 * singleton (`PATCH /project-settings`), its `GET`. A write without such a twin records what it
 * answered (and `null` before), or what its handler describes (AuditDraft).
 *
 * The read runs through Fastify's in-process `inject` with a one-time grant in SNAPSHOT_HEADER:
 * it acts with the write's own access (a key with `configure` but not `read` still gets its
 * before), and a grant exists only for the duration of one read.
 */
@Injectable()
export class AuditSnapshots {
  private readonly grants = new Map<string, RequestAccess>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The access a snapshot read acts with; anything but a live grant for the same project and organization is refused. */
  access(token: string, requested: { project: string | undefined; organization: string | undefined }): RequestAccess {
    const grant = this.grants.get(token);
    if (!grant) throw new DomainError('UNAUTHENTICATED', 'This request carries an unknown internal grant.');
    const sameProject = requested.project === undefined || requested.project === grant.projectId;
    const sameOrganization = requested.organization === undefined || requested.organization === grant.organizationId;
    if (!sameProject || !sameOrganization) throw new DomainError('FORBIDDEN', 'An internal grant is for one project and organization only.');
    return grant;
  }

  /** Where the resource of a write on `route` is read, or undefined when it has no GET twin (or is a creation). */
  source(method: string, route: string, params: Record<string, string>): SnapshotSource | undefined {
    const segments = route.split('/');
    let template = route;
    // An action on a resource (…/:id/rotate-secret): the resource is the path before it.
    if (segments.length > 1 && !(segments[segments.length - 1] ?? '').startsWith(':') && method !== 'PUT' && method !== 'PATCH' && method !== 'DELETE') {
      if (!(segments[segments.length - 2] ?? '').startsWith(':')) return undefined; // a creation, or an action on a collection
      template = segments.slice(0, -1).join('/');
    }
    if (this.hasGet(template)) return { path: fill(template, params), pickId: undefined };
    const last = template.slice(template.lastIndexOf('/') + 1);
    if (!last.startsWith(':')) return undefined;
    const collection = template.slice(0, template.lastIndexOf('/'));
    return this.hasGet(collection) ? { path: fill(collection, params), pickId: params[last.slice(1)] } : undefined;
  }

  /** The resource now, as its GET twin answers it: undefined when unreadable, null when absent. */
  async read(request: AccessRequest, source: SnapshotSource): Promise<unknown> {
    const access = request.vigilAccess;
    if (!access) return undefined;
    const token = randomBytes(32).toString('base64url');
    this.grants.set(token, access);
    try {
      const query = new URLSearchParams();
      for (const name of ['project', 'organization'] as const) {
        const value = (request.query as Record<string, unknown> | undefined)?.[name];
        if (typeof value === 'string') query.set(name, value);
      }
      const url = query.size > 0 ? `${source.path}?${query.toString()}` : source.path;
      const response = await this.fastify().inject({ method: 'GET', url, headers: { [SNAPSHOT_HEADER]: token, 'x-request-id': request.id } });
      if (response.statusCode === 404) return null;
      if (response.statusCode !== 200) return undefined;
      const body = JSON.parse(response.body) as unknown;
      return source.pickId === undefined ? body : pick(body, source.pickId);
    } catch {
      return undefined;
    } finally {
      this.grants.delete(token);
    }
  }

  private hasGet(url: string): boolean {
    return this.fastify().hasRoute({ method: 'GET', url });
  }

  private fastify(): FastifyInstance {
    return this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
  }
}
