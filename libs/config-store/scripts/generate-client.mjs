#!/usr/bin/env node
// Generates the Prisma client into libs/config-store/src/generated/prisma without network.
// `prisma generate` first fetches the schema-engine binary from Prisma's server, which this
// project cannot reach; generate never runs that binary, so pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any executable skips the download.
// Does nothing when the generated client is newer than the schema (pass --force to redo it).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const schema = join(root, 'prisma/schema.prisma');
const marker = join(root, 'libs/config-store/src/generated/prisma/client.ts');
const config = join(root, 'prisma.config.ts');

const newest = Math.max(statSync(schema).mtimeMs, existsSync(config) ? statSync(config).mtimeMs : 0);
if (!process.argv.includes('--force') && existsSync(marker) && statSync(marker).mtimeMs >= newest) {
  process.exit(0);
}

const result = spawnSync(join(root, 'node_modules/.bin/prisma'), ['generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
    CHECKPOINT_DISABLE: '1',
    PRISMA_DISABLE_WARNINGS: '1',
  },
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
