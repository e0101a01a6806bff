#!/usr/bin/env node
// `npm run backup -- <dir>`: a consistent backup of the running Vigil (embedded ClickHouse and
// Postgres, and the secrets key) into <dir>, which must be absent or empty. The running process
// takes it (chDB's data directory is locked to it) while it keeps ingesting; this command asks
// it over the control socket in the data directory (VIGIL_DATA_DIR) and prints the outcome.
// What the backup holds and its point in time: README "Operations", docs/architecture.md.
import { realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { root } from './lib/setup.mjs';

const [target] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!target) {
  console.error('usage: npm run backup -- <directory>   (absent or empty; VIGIL_DATA_DIR names the Vigil to back up)');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const lib = (name) => require(join(root, 'dist/server/libs', name, 'src'));
const { loadConfig } = lib('config');
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error.message);
  process.exit(78);
}
if (config.CLICKHOUSE_URL !== undefined) {
  console.error('This command backs up the embedded engines. With CLICKHOUSE_URL and DATABASE_URL, back up the servers with their own tools (BACKUP in ClickHouse, pg_dump).');
  process.exit(2);
}
const { controlSocketPath, requestBackup, NotRunningError } = lib('backup');
const dataDir = await realpath(resolve(root, config.VIGIL_DATA_DIR)).catch(() => {
  console.error(`There is no data directory at ${resolve(root, config.VIGIL_DATA_DIR)}: nothing to back up (set VIGIL_DATA_DIR to the one Vigil runs on).`);
  process.exit(1);
});
// npm runs scripts in the package's folder; a relative <dir> means relative to where it was typed.
const directory = resolve(process.env.INIT_CWD ?? process.cwd(), target);
console.log(`Backing up the Vigil running on ${dataDir} into ${directory}`);
try {
  const manifest = await requestBackup(controlSocketPath(dataDir), directory, (line) => console.log(`  ${line}`));
  const rows = manifest.postgres.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`Done in ${(manifest.durationMs / 1000).toFixed(1)} s. The backup holds everything acknowledged before ${manifest.point} (${rows} configuration rows).`);
  if (manifest.secretKey === null) console.log('VIGIL_SECRET_KEY is set, so the key is not in the backup: keep it with the backup, a restore needs it.');
  console.log('It holds password hashes and the key to notification secrets: keep it as private as the data directory.');
} catch (error) {
  console.error(`Backup failed: ${error.message}`);
  if (error instanceof NotRunningError) {
    console.error('Backups are taken by the running Vigil: start it (npm start) and try again. A stopped Vigil\'s data directory can simply be copied (cp -a).');
  }
  process.exit(1);
}
