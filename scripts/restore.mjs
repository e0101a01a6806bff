#!/usr/bin/env node
// `npm run restore -- <backup dir>`: restores a backup made by `npm run backup` into the data
// directory VIGIL_DATA_DIR names (default .data), which must be absent or empty; `npm start`
// then runs it with the same admin, projects, keys, alert rules, channels and telemetry up to the
// backup's point. Installs and builds first, like `npm start` (`--no-build` skips that).
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build, installDependencies, root } from './lib/setup.mjs';

const [source] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!source) {
  console.error('usage: npm run restore -- <backup directory>   (into VIGIL_DATA_DIR, which must be absent or empty)');
  process.exit(2);
}
if (!process.argv.includes('--no-build')) {
  installDependencies();
  build(['standalone']);
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
if (config.CLICKHOUSE_URL !== undefined || config.DATABASE_URL !== undefined) {
  console.error('A restore fills the embedded engines of a data directory: unset CLICKHOUSE_URL and DATABASE_URL (restore servers with their own tools).');
  process.exit(2);
}
const { restoreBackup } = lib('backup');
const backupDir = resolve(process.env.INIT_CWD ?? process.cwd(), source);
const dataDir = resolve(root, config.VIGIL_DATA_DIR);
console.log(`Restoring ${backupDir} into ${dataDir}`);
const started = Date.now();
try {
  const manifest = await restoreBackup({ backupDir, dataDir, database: config.CLICKHOUSE_DATABASE, progress: (line) => console.log(`  ${line}`) });
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: Vigil as it was at ${manifest.point}. Start it with npm start (with this VIGIL_DATA_DIR).`);
  if (manifest.secretKey === null) console.log('The backed-up Vigil had VIGIL_SECRET_KEY set: set the same key, or notification channels cannot sign.');
} catch (error) {
  console.error(`Restore failed: ${error.message}`);
  process.exit(1);
}
