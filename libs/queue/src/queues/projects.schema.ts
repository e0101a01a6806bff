import { z } from 'zod';

/** Remove a deleted project's telemetry and configuration (docs/teams.md, "Deleting a project"). */
export const deleteProjectPayloadSchema = z.object({ projectId: z.uuid() });

/** Queue a deletion job for every project still marked deleting (start-up and every minute). */
export const resumeDeletionsPayloadSchema = z.object({});

/** The job id of a project's deletion: one queued or running per project, however often it is asked for. */
export function projectDeletionJobId(projectId: string): string {
  return `project-deletion.${projectId}`;
}

/** The job id of the late second pass over a deleted project's telemetry. */
export function projectSweepJobId(projectId: string): string {
  return `project-sweep.${projectId}`;
}
