export { type DeletionOutcome, ProjectDeletion } from './project-deletion';
export { enqueueProjectDeletion, ProjectDeletionWorker, type ProjectDeletionWorkerOptions } from './project-deletion.worker';
