import type { ConfigStore } from '@vigil/config-store';
import type { Logger } from '@vigil/server-kit';
import { ProjectTelemetryRemover, type TelemetryStore } from '@vigil/telemetry-store';

export type DeletionOutcome = 'deleted' | 'not-deleting';

/**
 * The steps of a project's deletion, each idempotent, in an order that survives a crash anywhere:
 * the project is marked deleting first (by the API: from then on it is refused everywhere), then
 * its telemetry goes, then its configuration, and the project row last — while the row is there,
 * the mark says the work is unfinished and the worker resumes it.
 */
export class ProjectDeletion {
  private readonly telemetry: ProjectTelemetryRemover;

  constructor(
    private readonly store: ConfigStore,
    telemetry: TelemetryStore,
    private readonly logger: Logger,
  ) {
    this.telemetry = new ProjectTelemetryRemover(telemetry);
  }

  /** Removes everything of a project marked deleting; a live project is never touched. */
  async run(projectId: string): Promise<DeletionOutcome> {
    const state = await this.store.projects.lifecycleState(projectId);
    if (state === 'live') {
      this.logger.warn({ projectId }, 'asked to delete a project that is not marked for deletion; left alone');
      return 'not-deleting';
    }
    const tables = await this.telemetry.deleteProject(projectId);
    await this.store.projects.purge(projectId);
    this.logger.info({ projectId, tables: tables.length }, 'deleted a project: its telemetry, keys and configuration are gone');
    return 'deleted';
  }

  /**
   * The second pass over a deleted project's telemetry: rows an ingest request or an evaluation
   * already under way when the project was marked may land after the first pass.
   */
  async sweep(projectId: string): Promise<void> {
    if ((await this.store.projects.lifecycleState(projectId)) === 'live') return;
    await this.telemetry.deleteProject(projectId);
  }
}
