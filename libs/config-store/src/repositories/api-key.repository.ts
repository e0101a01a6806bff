import type { ApiKeyScope } from '@vigil/contracts';
import type { PrismaExecutor } from '../prisma-client';
import { isUuid } from './uuid';

export { API_KEY_SCOPES, type ApiKeyScope } from '@vigil/contracts';

/** A key as listed to people: never the hash. */
export interface ApiKeyRecord {
  id: string;
  projectId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ActiveApiKey {
  id: string;
  projectId: string;
  /** The organization of the key's project (the audit trail files the key's writes there). */
  organizationId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
}

const listedFields = { id: true, projectId: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export class ApiKeyRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** `hash` is the SHA-256 (hex) of the whole key; the key itself is never stored. */
  async create(input: { projectId: string; name: string; prefix: string; hash: string; scopes: readonly ApiKeyScope[] }): Promise<ApiKeyRecord> {
    return this.db.apiKey.create({ data: { ...input, scopes: [...new Set(input.scopes)] }, select: listedFields });
  }

  /** The key with this hash unless it was revoked or its project is being deleted; what ingest authentication asks. */
  async findActiveByHash(hash: string): Promise<ActiveApiKey | null> {
    const found = await this.db.apiKey.findFirst({
      where: { hash, revokedAt: null, project: { deletingAt: null } },
      select: { id: true, projectId: true, name: true, prefix: true, scopes: true, project: { select: { organizationId: true } } },
    });
    if (!found) return null;
    const { project, ...key } = found;
    return { ...key, organizationId: project.organizationId };
  }

  async touchLastUsed(id: string, at: Date): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }

  /**
   * Revokes a key of `projectId`; a key of another project is left alone (tenant boundary).
   * Returns false when no such active key exists.
   */
  async revoke(projectId: string, id: string, at: Date = new Date()): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.apiKey.updateMany({ where: { id, projectId, revokedAt: null }, data: { revokedAt: at } });
    return count > 0;
  }

  /** Revoked keys included (they show as revoked), newest first. */
  async listForProject(projectId: string): Promise<ApiKeyRecord[]> {
    if (!isUuid(projectId)) return [];
    return this.db.apiKey.findMany({ where: { projectId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], select: listedFields });
  }
}
