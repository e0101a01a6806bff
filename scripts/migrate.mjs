#!/usr/bin/env node
// `nx run standalone:db:migrate` / `nx run standalone:clickhouse:migrate`: apply the
// Postgres (Prisma) or ClickHouse migrations without starting Vigil — for operators who
// migrate before rolling out new replicas. Vigil also applies both at every start-up.
// Uses DATABASE_URL / CLICKHOUSE_URL when set, else the embedded engines in VIGIL_DATA_DIR.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { root } from './lib/setup.mjs';

const target = process.argv[2];
if (target !== 'postgres' && target !== 'clickhouse') {
  console.error('usage: node scripts/migrate.mjs postgres|clickhouse');
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
const dataDir = resolve(root, config.VIGIL_DATA_DIR);

if (target === 'postgres') {
  const { migrateDatabase, startEmbeddedPostgres } = lib('config-store');
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: config.EMBEDDED_POSTGRES_PORT });
  try {
    const { applied } = await migrateDatabase(config.DATABASE_URL ?? embedded.url);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'Postgres schema is up to date');
  } finally {
    await embedded?.stop();
  }
} else {
  const { createTelemetryStore, migrateTelemetryStore } = lib('telemetry-store');
  const { telemetryStoreOptions } = lib('runtime');
  const store = await createTelemetryStore(telemetryStoreOptions(config, dataDir));
  try {
    const { applied } = await migrateTelemetryStore(store, { cluster: config.CLICKHOUSE_CLUSTER });
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'ClickHouse schema is up to date');
  } finally {
    await store.close();
  }
}
