import { z } from 'zod';
import type { ApiKeyScope } from './auth.schema';

/** Roles of people (docs/teams.md): per organization, and optionally per project (not owner). */
export const MEMBER_ROLE_NAMES = ['owner', 'admin', 'editor', 'viewer'] as const;
export const memberRoleSchema = z.enum(MEMBER_ROLE_NAMES);
export type MemberRoleName = z.infer<typeof memberRoleSchema>;

/**
 * What each role may do in a project, as the scopes API keys carry: viewers read; editors also
 * send data and configure alerting, checks and SLOs; admins and owners also manage keys and the
 * project's settings. Here rather than in the server's auth lib so the dashboard shows exactly
 * what the API allows.
 */
export const SCOPES_BY_ROLE: Record<MemberRoleName, readonly ApiKeyScope[]> = {
  owner: ['ingest', 'read', 'configure', 'admin'],
  admin: ['ingest', 'read', 'configure', 'admin'],
  editor: ['ingest', 'read', 'configure'],
  viewer: ['read'],
};
export const PROJECT_ROLE_NAMES = ['admin', 'editor', 'viewer'] as const;
export const projectRoleSchema = z.enum(PROJECT_ROLE_NAMES, { error: 'must be admin, editor or viewer (owners own the whole organization)' });

/** New passwords: long enough to resist guessing (they are stored with argon2id), at most 1 KiB. */
export const newPasswordSchema = z.string().min(12, 'must be at least 12 characters').max(1024, 'must be at most 1,024 characters');

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const uuid = z.uuid('must be an id (a UUID)');

export const organizationSchema = z.object({ id: z.string(), name: z.string(), role: memberRoleSchema, createdAt: z.string() });
export type Organization = z.infer<typeof organizationSchema>;
export const organizationListResponseSchema = z.object({ organizations: z.array(organizationSchema) });
export const organizationRequestSchema = z.strictObject({ name });
export type OrganizationRequest = z.output<typeof organizationRequestSchema>;

/** A project as people see it: `role` is theirs in it (their project role, else their organization role). */
export const projectSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  slug: z.string(),
  retentionDays: z.number().int(),
  role: memberRoleSchema.nullable(),
  createdAt: z.string(),
});
export type Project = z.infer<typeof projectSchema>;
/** The live projects, and those being deleted (gone for everyone; their data is being removed). */
export const projectListResponseSchema = z.object({
  projects: z.array(projectSchema),
  deleting: z.array(z.object({ id: z.string(), name: z.string(), since: z.string() })),
});
export type ProjectListResponse = z.infer<typeof projectListResponseSchema>;
export const createProjectRequestSchema = z.strictObject({ name, retentionDays: z.number().int().min(1).max(3650).optional() });
export type CreateProjectRequest = z.output<typeof createProjectRequestSchema>;
export const renameProjectRequestSchema = z.strictObject({ name });
/** Typed confirmation: the project's name, exactly, so a project is never deleted by a slip. */
export const deleteProjectRequestSchema = z.strictObject({ confirm: z.string().min(1, 'type the project’s name to confirm') });
export type DeleteProjectRequest = z.output<typeof deleteProjectRequestSchema>;
/** 202: the project is gone for everyone; its data is being removed in the background. */
export const deleteProjectResponseSchema = z.object({ project: projectSchema, status: z.literal('deleting') });

const projectRoles = z.array(z.strictObject({ projectId: uuid, role: projectRoleSchema })).max(200);

export const memberSchema = z.object({
  /** The person's user id. */
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: memberRoleSchema,
  projectRoles: z.array(z.object({ projectId: z.string(), role: memberRoleSchema })),
  joinedAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;
export const memberListResponseSchema = z.object({ members: z.array(memberSchema) });
/** Only what changes: the organization role, and project roles to set (a role) or remove (null). */
export const updateMemberRequestSchema = z
  .strictObject({
    role: memberRoleSchema.optional(),
    projectRoles: z.record(uuid, projectRoleSchema.nullable()).optional(),
  })
  .refine((body) => body.role !== undefined || body.projectRoles !== undefined, 'name role or projectRoles');
export type UpdateMemberRequest = z.output<typeof updateMemberRequestSchema>;

export const inviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: memberRoleSchema,
  projectRoles: z.array(z.object({ projectId: z.string(), role: memberRoleSchema })),
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['pending', 'expired']),
});
export type Invite = z.infer<typeof inviteSchema>;
export const inviteListResponseSchema = z.object({ invites: z.array(inviteSchema) });
export const createInviteRequestSchema = z.strictObject({ email: z.email('must be an e-mail address').max(320), role: memberRoleSchema, projectRoles: projectRoles.default([]) });
export type CreateInviteRequest = z.output<typeof createInviteRequestSchema>;
/** The link holds the invitation's secret: shown this once (and e-mailed when SMTP is set up). */
export const createInviteResponseSchema = z.object({ invite: inviteSchema, url: z.string(), emailed: z.boolean() });
export type CreateInviteResponse = z.infer<typeof createInviteResponseSchema>;

const token = z.string().min(1, 'the link’s token is missing').max(200);
export const inviteLookupRequestSchema = z.strictObject({ token });
export const inviteLookupResponseSchema = z.object({
  organizationName: z.string(),
  email: z.string(),
  role: memberRoleSchema,
  expiresAt: z.string(),
  /** The e-mail has an account already: accepting asks for its password instead of a new one. */
  accountExists: z.boolean(),
});
export type InviteLookupResponse = z.infer<typeof inviteLookupResponseSchema>;
export const acceptInviteRequestSchema = z.strictObject({ token, password: z.string().min(1, 'must not be empty').max(1024), name: z.string().trim().max(100).optional() });
export type AcceptInviteRequest = z.output<typeof acceptInviteRequestSchema>;

export const changePasswordRequestSchema = z.strictObject({ currentPassword: z.string().min(1, 'must not be empty').max(1024), newPassword: newPasswordSchema });
export type ChangePasswordRequest = z.output<typeof changePasswordRequestSchema>;

export const accountSessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  expiresAt: z.string(),
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof accountSessionSchema>;
export const accountSessionListResponseSchema = z.object({ sessions: z.array(accountSessionSchema) });
