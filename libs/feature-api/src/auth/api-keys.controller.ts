import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { generateApiKey } from '@vigil/auth';
import type { ApiKeyRecord } from '@vigil/config-store';
import { type ApiKey, type ApiKeyListResponse, type CreateApiKeyResponse, createApiKeyRequestSchema } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { ProjectId, RequireScope } from './access.guard';
import { AccessChangesService } from './access-changes.service';


function listed(record: ApiKeyRecord): ApiKey {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    scopes: record.scopes,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/**
 * A project's API keys: list, create (the secret is returned once, only its SHA-256 is kept) and
 * revoke. Needs the `admin` scope: a project owner or admin signed in, or an admin-scoped key.
 */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly accessChanges: AccessChangesService,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({ summary: "The project's API keys, revoked ones included, newest first" })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async list(@ProjectId() projectId: string): Promise<ApiKeyListResponse> {
    return { keys: (await this.runtime.store.apiKeys.listForProject(projectId)).map(listed) };
  }

  @Post()
  @HttpCode(201)
  @RequireScope('admin')
  @ApiOperation({ summary: 'Create a key with the given scopes; its secret is in the response, once' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(createApiKeyRequestSchema)
  async create(@ProjectId() projectId: string, @Body() body: unknown): Promise<CreateApiKeyResponse> {
    const request = parseOrThrow(createApiKeyRequestSchema, body, 'API key');
    const { key, prefix, hash } = generateApiKey();
    const record = await this.runtime.store.apiKeys.create({ projectId, name: request.name, prefix, hash, scopes: request.scopes });
    return { key, apiKey: listed(record) };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('admin')
  @ApiOperation({ summary: 'Revoke a key: it stops working at once, on every API process' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async revoke(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    if (!(await this.runtime.store.apiKeys.revoke(projectId, id))) {
      throw new DomainError('NOT_FOUND', 'This project has no active API key with that id.');
    }
    await this.accessChanges.publish({ kind: 'key', keyId: id });
  }
}
