#!/usr/bin/env node
// Compiles the server code (apps except the dashboard, and libs) to dist/server with SWC.
// SWC rather than tsc: it emits decorator metadata for NestJS, rewrites the `@vigil/*` path
// aliases into relative requires, and transpiles the whole tree in about a second on 2 cores;
// type-checking is a separate step (`tsc --noEmit`) so the two never wait on each other.
import { transformFile } from '@swc/core';
import { mkdir, readFile, readdir, rm, writeFile, cp } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'dist/server');
const sourceDirs = ['apps/api', 'apps/worker', 'apps/prober', 'apps/standalone', 'libs'];
const skip = /(\.spec\.ts|\.d\.ts)$/;

const { compilerOptions } = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));
const paths = Object.fromEntries(
  Object.entries(compilerOptions.paths)
    // Only our own aliases; other entries exist to give the type-checker a package's types.
    .filter(([alias]) => alias.startsWith('@vigil/'))
    .map(([alias, [target]]) => [alias, [`./${target}`]]),
);

async function* sourceFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (['node_modules', 'e2e', 'dist', '.next'].includes(entry.name)) continue;
      yield* sourceFiles(path);
    } else if (entry.name.endsWith('.ts') && !skip.test(entry.name)) {
      yield path;
    }
  }
}

async function compile(file) {
  const { code, map } = await transformFile(file, {
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      baseUrl: root,
      paths,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  });
  const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
  await writeFile(`${target}.map`, map);
}

const started = Date.now();
await rm(outDir, { recursive: true, force: true });
const files = [];
for (const dir of sourceDirs) for await (const file of sourceFiles(join(root, dir))) files.push(file);
await Promise.all(files.map(compile));
// SQL migrations and other non-TS assets travel with the code that reads them.
for (const dir of await readdir(join(root, 'libs'))) {
  const migrations = join(root, 'libs', dir, 'migrations');
  await cp(migrations, join(outDir, 'libs', dir, 'migrations'), { recursive: true }).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
console.log(`build-server: ${files.length} files → ${relative(root, outDir)} in ${Date.now() - started} ms`);
