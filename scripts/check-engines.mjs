#!/usr/bin/env node
// Checks that package.json's `engines.node` claims no Node.js version that an installed
// dependency declares it does not support. Part of `npm test`; reads package.json,
// package-lock.json and node_modules only (well under a second).
//
// A dependency whose `engines.node` leaves out part of Vigil's range fails the check unless it
// is listed below, by exact version, with the reason it still works there. A new version of such
// a package fails again, so each one is looked at when it changes; an entry whose package is no
// longer installed fails too, so the list does not outlive its reasons.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { root } from './lib/setup.mjs';

/** `name@version` → why Vigil's range holds although the package declares less. */
const DECLARED_ONLY = new Map([
  [
    '@prisma/streams-local@0.1.11',
    'declares >=22.0.0. Pulled in by prisma → @prisma/dev, and imported only when `prisma dev` starts ' +
      'its local server; Vigil never runs `prisma dev` (it runs `prisma generate`, and migrations without the CLI). ' +
      'Every prisma 7 release from 7.6 on depends on it.',
  ],
  [
    'file-type@22.3.0',
    'declares >=22. @nestjs/common 12 pins it exactly and imports it only inside FileTypeValidator ' +
      '(file uploads), which Vigil does not use.',
  ],
  [
    'cookie@2.0.2',
    'declares >=22. ESM-only; @fastify/cookie loads it with import() ("until Node.js 20 is no longer ' +
      'supported", its source says); light-my-request require()s it, but only fastify.inject() loads that, and ' +
      'Node 20.19+ can require() ES modules anyway. Session cookies go through it in the e2e suites on Node 20 and 22.',
  ],
  [
    'content-disposition@3.1.0',
    'declares >=22. ESM-only; @fastify/static (Swagger UI assets under /api/docs) require()s it at load, ' +
      'which Node 20.19+ and 22.12+ support for ES modules; it is called only by reply.download(), unused here.',
  ],
]);

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const claimed = pkg.engines?.node;
if (!claimed || !semver.validRange(claimed)) {
  console.error(`package.json engines.node is missing or not a semver range: ${claimed}`);
  process.exit(1);
}

const problems = [];
const excused = new Set();
for (const [path, entry] of Object.entries(lock.packages)) {
  const declared = entry.engines?.node;
  // The lockfile also lists other platforms' optional binaries; only what npm installed here counts.
  if (!path || !declared || !existsSync(join(root, path))) continue;
  if (semver.subset(claimed, declared, { includePrerelease: false })) continue;
  const id = `${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`;
  if (DECLARED_ONLY.has(id)) {
    excused.add(id);
    continue;
  }
  problems.push(`${id} declares node ${JSON.stringify(declared)}, narrower than package.json's ${JSON.stringify(claimed)} (${path})`);
}
for (const id of DECLARED_ONLY.keys()) {
  if (!excused.has(id)) problems.push(`${id} is listed in scripts/check-engines.mjs but is not installed or no longer narrows the range: remove it`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error('\nPick versions that support the whole range, narrow engines.node (and the README), or, when the package');
  console.error('works there in fact, list its exact version in scripts/check-engines.mjs with the reason.');
  process.exit(1);
}
console.log(`engines.node ${claimed}: every installed dependency supports it (${excused.size} declared narrower, listed with reasons in scripts/check-engines.mjs)`);
