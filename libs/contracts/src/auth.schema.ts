import { z } from 'zod';

export const loginRequestSchema = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

const role = z.enum(['owner', 'admin', 'editor', 'viewer']);

/**
 * The signed-in person: their organizations with their role there, and every project of those
 * with their role in it (a project role where they have one, else the organization role).
 */
export const sessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  organizations: z.array(z.object({ id: z.string(), name: z.string(), role })),
  projects: z.array(z.object({ id: z.string(), organizationId: z.string(), name: z.string(), slug: z.string(), role })),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/**
 * What a key (or a role) may do: send data, read it, change alerting and check configuration
 * (rules, channels, policies, silences, later checks and SLOs), and administer the project
 * (keys, settings).
 */
export const API_KEY_SCOPES = ['ingest', 'read', 'configure', 'admin'] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** The cookie that carries a dashboard session; HttpOnly, SameSite=Lax. */
export const SESSION_COOKIE = 'vigil_session';
