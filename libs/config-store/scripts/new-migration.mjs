#!/usr/bin/env node
// Turns a change of prisma/schema.prisma into a new migration, offline:
//   node libs/config-store/scripts/new-migration.mjs <name>
// writes prisma/migrations/<UTC timestamp>_<name>/migration.sql in Prisma's own layout.
//
// `prisma migrate dev` would do this, but it downloads a native schema engine first, which
// this project cannot reach. So we ask the WebAssembly schema engine for the diff between
// the schema the last migration was made from (kept in prisma/migrations/schema.snapshot.prisma)
// and the current one. Diffing from the migrations themselves (`{ tag: 'migrations' }`) would
// need no snapshot, but fails on this engine version (`Column type 'char' could not be
// deserialized`). The loader duplicates libs/config-store/src/migrate/schema-engine.ts
// because a plain Node 20 script cannot import TypeScript.
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const schemaPath = join(root, 'prisma/schema.prisma');
const migrationsDir = join(root, 'prisma/migrations');
const snapshotPath = join(migrationsDir, 'schema.snapshot.prisma');
const lockPath = join(migrationsDir, 'migration_lock.toml');

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: node libs/config-store/scripts/new-migration.mjs <name>   (name: lowercase letters, digits, _)');
  process.exit(64);
}

async function openEngine() {
  const panics = [];
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => panics.push(message) };
  const packageDir = dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm'));
  const { instance } = await WebAssembly.instantiate(await readFile(join(packageDir, 'schema_engine_bg.wasm')), { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  const adapter = bindMigrationAwareSqlAdapterFactory(offlineAdapterFactory());
  return { engine: await bindings.SchemaEngine.new({ datamodels: undefined }, () => undefined, adapter), panics };
}

/**
 * A diff between two schemas needs no database, but the engine connects when it is created
 * and asks one question: does schema `public` exist, and which server version is this.
 * This adapter answers "yes, PostgreSQL 18" (so the SQL matches `prisma migrate diff`, with
 * no CREATE SCHEMA) and refuses everything else. Prisma's own mock adapter
 * (`mockMigrationAwareAdapterFactory`) fails that first question, and the engine with it.
 */
function offlineAdapterFactory() {
  const refuse = (what) => Promise.reject(new Error(`new-migration works offline; the schema engine asked for ${what}`));
  const adapter = {
    provider: 'postgres',
    adapterName: 'vigil-offline',
    queryRaw: async (query) => {
      if (!query.sql.includes('pg_namespace')) return refuse(query.sql);
      return {
        columnNames: ['exists', 'version', 'numeric_version'],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, 'PostgreSQL 18.4', 180004]],
      };
    },
    executeRaw: (query) => refuse(query.sql),
    executeScript: () => refuse('a script'),
    startTransaction: () => refuse('a transaction'),
    getConnectionInfo: () => ({ schemaName: 'public', supportsRelationJoins: true }),
    dispose: async () => undefined,
  };
  return { provider: 'postgres', adapterName: 'vigil-offline', connect: async () => adapter, connectToShadowDb: async () => adapter };
}

function timestamp(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

const schema = await readFile(schemaPath, 'utf8');
const snapshot = existsSync(snapshotPath) ? await readFile(snapshotPath, 'utf8') : undefined;
const { engine, panics } = await openEngine();
let sql;
try {
  const result = await engine.diff({
    from: snapshot === undefined ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.snapshot.prisma', content: snapshot }] },
    to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
    script: true,
    exitCode: true,
    filters: { externalTables: [], externalEnums: [] },
  });
  // exitCode 2: the schemas differ; 0: nothing to migrate.
  if (result.exitCode === 0) {
    console.log('prisma/schema.prisma matches the last migration: nothing to do.');
    process.exit(0);
  }
  sql = result.stdout ?? '';
} catch (error) {
  console.error(`the schema engine failed: ${error?.message ?? error}\n${panics.join('\n')}`);
  process.exit(1);
} finally {
  engine.free();
}

const dir = join(migrationsDir, `${timestamp(new Date())}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'migration.sql'), sql);
if (!existsSync(lockPath)) {
  await writeFile(lockPath, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
}
await writeFile(snapshotPath, schema);
console.log(`created ${relative(root, join(dir, 'migration.sql'))}; it applies at the next start (or run the db:migrate target).`);
