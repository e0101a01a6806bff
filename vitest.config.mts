import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Resolve `@vigil/*` imports the way tsconfig.base.json declares them, so tests and
// the type-checker agree on one map.
const { compilerOptions } = JSON.parse(readFileSync(resolve(import.meta.dirname, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const alias = Object.fromEntries(
  Object.entries(compilerOptions.paths)
    .filter(([name]) => name.startsWith('@vigil/'))
    .map(([name, [target]]) => [name, resolve(import.meta.dirname, target)]),
);

const shared = { resolve: { alias }, test: { environment: 'node' as const, env: { TZ: 'UTC' } } };

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          ...shared.test,
          name: 'unit',
          include: ['{apps,libs}/**/*.spec.ts'],
          exclude: ['**/*.int.spec.ts', '**/*.e2e.spec.ts', '**/node_modules/**'],
        },
      },
      {
        ...shared,
        test: {
          ...shared.test,
          name: 'int',
          include: ['{apps,libs}/**/*.int.spec.ts'],
          globalSetup: ['libs/testing/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          ...shared.test,
          name: 'e2e',
          // Each suite boots the built standalone (and dashboard) as child processes on their
          // own embedded engines, so no shared engines are set up here.
          include: ['apps/e2e/**/*.e2e.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
