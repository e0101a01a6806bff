import { z } from 'zod';
import { apiKeyScopeSchema } from './auth.schema';

/** Body of `POST /api/v1/api-keys`: a name people recognise and what the key may do. */
export const createApiKeyRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, 'name at least one of ingest, read, configure, admin')
    .max(4)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
});
export type CreateApiKeyRequest = z.output<typeof createApiKeyRequestSchema>;

/** A key as listed: its visible prefix, never the secret or its hash. Times are ISO 8601. */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyListResponseSchema = z.object({ keys: z.array(apiKeySchema) });
export type ApiKeyListResponse = z.infer<typeof apiKeyListResponseSchema>;

/** The new key's secret is in `key`, shown this once; only its SHA-256 is stored. */
export const createApiKeyResponseSchema = z.object({ key: z.string(), apiKey: apiKeySchema });
export type CreateApiKeyResponse = z.infer<typeof createApiKeyResponseSchema>;
