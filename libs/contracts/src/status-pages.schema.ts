import { z } from 'zod';

// Public status pages (docs/checks.md, Status pages): the configuration the team writes
// (`/api/v1/status-pages`, `configure` to write) and what anyone may read without signing in
// (`/api/v1/public/status-pages/{slug}`). The public shape carries no check ids, targets or
// error texts unless the page chose to show causes.

/** 3–63 lower-case letters, digits and inner hyphens: it is the page's public address (`/status/<slug>`). */
export const STATUS_PAGE_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const MAX_STATUS_PAGE_COMPONENTS = 100;
/** Bars on a public page: one per UTC day, today last. */
export const STATUS_PAGE_DAYS = 90;

export const statusPageComponentSchema = z.strictObject({
  checkId: z.string().uuid('a check id of this project'),
  /** The name the public sees (the check's own name may say more than it should). */
  name: z.string().trim().min(1).max(100),
  /** Components with the same group are shown together under it; empty: no group. */
  group: z.string().trim().max(100).default(''),
});
export type StatusPageComponent = z.output<typeof statusPageComponentSchema>;

export const statusPageRequestSchema = z.strictObject({
  slug: z.string().regex(STATUS_PAGE_SLUG_PATTERN, '3–63 lower-case letters, digits or -, not starting or ending with -'),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2_000).default(''),
  /** The chosen checks in the order shown. */
  components: z
    .array(statusPageComponentSchema)
    .max(MAX_STATUS_PAGE_COMPONENTS)
    .default([])
    .superRefine((components, context) => {
      const seen = new Set<string>();
      components.forEach((component, index) => {
        if (seen.has(component.checkId)) context.addIssue({ code: 'custom', path: [index, 'checkId'], message: 'this check is already on the page' });
        seen.add(component.checkId);
      });
    }),
  /** Show incident causes (probe error texts, which may name hosts) to the public; off by default. */
  showCauses: z.boolean().default(false),
});
export type StatusPageRequest = z.output<typeof statusPageRequestSchema>;

export const STATUS_NOTE_SEVERITIES = ['info', 'maintenance', 'minor', 'major'] as const;
export type StatusNoteSeverity = (typeof STATUS_NOTE_SEVERITIES)[number];

export const statusPageNoteRequestSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().max(10_000).default(''),
    severity: z.enum(STATUS_NOTE_SEVERITIES).nullable().default(null),
    /** Its time (ISO 8601); default now. A note in the future announces something planned. */
    startsAt: z.iso.datetime({ offset: true }).optional(),
    /** When it leaves the page; null: until it is deleted. */
    endsAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .superRefine((note, context) => {
    if (note.endsAt !== null && note.startsAt !== undefined && Date.parse(note.endsAt) <= Date.parse(note.startsAt)) {
      context.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    }
  });
export type StatusPageNoteRequest = z.output<typeof statusPageNoteRequestSchema>;

export const statusPageNoteSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  severity: z.enum(STATUS_NOTE_SEVERITIES).nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StatusPageNote = z.infer<typeof statusPageNoteSchema>;

export const statusPageSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  components: z.array(z.object({ checkId: z.string(), name: z.string(), group: z.string() })),
  showCauses: z.boolean(),
  notes: z.array(statusPageNoteSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StatusPage = z.infer<typeof statusPageSchema>;
export const statusPageListResponseSchema = z.object({ statusPages: z.array(statusPageSchema) });
export const statusPageNoteListResponseSchema = z.object({ notes: z.array(statusPageNoteSchema) });

// ------------------------------------------------------------------------------------------
// The public page.

/** A component's state now: a paused or never-measured check is `unknown`. */
export const PUBLIC_COMPONENT_STATUSES = ['up', 'degraded', 'down', 'unknown'] as const;
export type PublicComponentStatus = (typeof PUBLIC_COMPONENT_STATUSES)[number];
/** The page's headline: every component up, some degraded, some down, all down, or nothing known. */
export const PUBLIC_PAGE_STATUSES = ['operational', 'degraded', 'partial_outage', 'major_outage', 'unknown'] as const;
export type PublicPageStatus = (typeof PUBLIC_PAGE_STATUSES)[number];

/** One UTC day of a component: the share of results that were not down, and of those degraded (percent); null: no results. */
export const publicStatusDaySchema = z.object({ date: z.string(), uptime: z.number().nullable(), degraded: z.number().nullable() });
export type PublicStatusDay = z.infer<typeof publicStatusDaySchema>;

export const publicStatusComponentSchema = z.object({
  name: z.string(),
  group: z.string(),
  status: z.enum(PUBLIC_COMPONENT_STATUSES),
  /** Over the days shown that have results; null when none has. */
  uptime: z.number().nullable(),
  days: z.array(publicStatusDaySchema),
});
export type PublicStatusComponent = z.infer<typeof publicStatusComponentSchema>;

export const publicStatusIncidentSchema = z.object({
  /** The component's public name. */
  component: z.string(),
  severity: z.enum(['degraded', 'down']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** Only on pages that show causes. */
  cause: z.string().optional(),
});
export type PublicStatusIncident = z.infer<typeof publicStatusIncidentSchema>;

export const publicStatusNoteSchema = statusPageNoteSchema.pick({ title: true, body: true, severity: true, startsAt: true, endsAt: true });

export const publicStatusPageSchema = z.object({
  title: z.string(),
  description: z.string(),
  status: z.enum(PUBLIC_PAGE_STATUSES),
  /** When this answer was computed (it may be cached for up to a minute). */
  generatedAt: z.string(),
  components: z.array(publicStatusComponentSchema),
  /** Open incidents, then those of the last 30 days (at most 20), newest first. */
  incidents: z.object({ open: z.array(publicStatusIncidentSchema), recent: z.array(publicStatusIncidentSchema) }),
  notes: z.array(publicStatusNoteSchema),
});
export type PublicStatusPage = z.infer<typeof publicStatusPageSchema>;
