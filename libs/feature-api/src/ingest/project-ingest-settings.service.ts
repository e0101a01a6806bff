import { Inject, Injectable } from '@nestjs/common';
import { PROJECT_LIMIT_KEYS, type ProjectLimitKey, type ProjectSettingsResponse, type UpdateProjectSettingsRequest } from '@vigil/contracts';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from '@vigil/ingest';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { DEFAULT_SERIES_LIMITS, type SeriesLimits } from '@vigil/telemetry-store';
import { ExpiringCache } from '../auth/api-key-cache';

export interface IngestSettings {
  retentionDays: number;
  limits: IngestLimits;
  series: SeriesLimits;
}

const SETTINGS_TTL_MS = 30_000;
const DAY_MS = 86_400_000;

type Overridable = keyof IngestLimits | keyof SeriesLimits;

/** Keeps only known keys with positive whole numbers; anything else in the stored JSON is ignored. */
function overrides<K extends Overridable>(stored: Readonly<Record<string, unknown>> | null, keys: readonly K[]): Partial<Record<K, number>> {
  const result: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const value = stored?.[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) result[key] = value;
  }
  return result;
}

/**
 * The stored overrides after a PATCH: known keys only, a null in the update removes the key,
 * and nothing left means no overrides (null).
 */
export function mergeLimitOverrides(
  stored: Readonly<Record<string, unknown>> | null,
  update: Partial<Record<ProjectLimitKey, number | null>>,
): Record<string, number> | null {
  const merged: Record<string, number> = overrides(stored, PROJECT_LIMIT_KEYS);
  for (const key of PROJECT_LIMIT_KEYS) {
    const value = update[key];
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return Object.keys(merged).length === 0 ? null : merged;
}

/**
 * A project's ingest limits (defaults, overridden per project in `projects.ingest_limits`)
 * and retention, cached for 30 s so ingest costs no Postgres round trip per request.
 */
@Injectable()
export class ProjectIngestSettingsService {
  private readonly cache = new ExpiringCache<IngestSettings>(10_000);

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async forProject(projectId: string): Promise<IngestSettings> {
    const cached = this.cache.get(projectId);
    if (cached) return cached;
    const stored = await this.runtime.store.projects.findIngestSettings(projectId);
    if (!stored) throw new DomainError('NOT_FOUND', 'The project of this API key no longer exists.');
    const limits: IngestLimits = { ...DEFAULT_INGEST_LIMITS, ...overrides(stored.ingestLimits, Object.keys(DEFAULT_INGEST_LIMITS) as (keyof IngestLimits)[]) };
    // A row older than its retention would expire as it is inserted: acknowledged, then gone.
    // So nothing older than the retention is accepted, whatever the age limit says.
    limits.maxAgeMs = Math.min(limits.maxAgeMs, stored.retentionDays * DAY_MS);
    const settings: IngestSettings = {
      retentionDays: stored.retentionDays,
      limits,
      series: { ...DEFAULT_SERIES_LIMITS, ...overrides(stored.ingestLimits, ['maxActiveSeriesPerMetric', 'maxActiveSeriesPerProject'] as const) },
    };
    this.cache.set(projectId, settings, SETTINGS_TTL_MS);
    return settings;
  }

  /** Drops the cached settings (a deleted project's ingest is refused at once). */
  forget(projectId: string): void {
    this.cache.delete(projectId);
  }

  /** Settings as `GET /api/v1/project-settings` shows them: in force, and the stored overrides. */
  async describe(projectId: string): Promise<ProjectSettingsResponse> {
    const stored = await this.runtime.store.projects.findIngestSettings(projectId);
    if (!stored) throw new DomainError('NOT_FOUND', 'This project no longer exists.');
    this.cache.delete(projectId);
    const settings = await this.forProject(projectId);
    return {
      retentionDays: settings.retentionDays,
      ingestLimits: { ...settings.limits, ...settings.series },
      overrides: overrides(stored.ingestLimits, PROJECT_LIMIT_KEYS),
    };
  }

  /**
   * Applies a PATCH. This process uses the new settings at once; other API replicas within the
   * 30 s settings cache. A new retention applies to rows written from then on.
   */
  async update(projectId: string, request: UpdateProjectSettingsRequest): Promise<ProjectSettingsResponse> {
    const current = await this.runtime.store.projects.findIngestSettings(projectId);
    if (!current) throw new DomainError('NOT_FOUND', 'This project no longer exists.');
    const ingestLimits = request.ingestLimits === undefined ? undefined : mergeLimitOverrides(current.ingestLimits, request.ingestLimits);
    await this.runtime.store.projects.updateIngestSettings(projectId, { retentionDays: request.retentionDays, ingestLimits });
    return this.describe(projectId);
  }
}
