export { backupManifestSchema, MANIFEST_FILE, readManifest, type BackupManifest } from './manifest';
export { takeBackup, type BackupSources } from './take-backup';
export { restoreBackup, type RestoreOptions } from './restore-backup';
export { controlSocketPath } from './control/control-socket';
export { startControlServer, type BackupHandler, type ControlServer } from './control/control-server';
export { NotRunningError, requestBackup } from './control/control-client';
