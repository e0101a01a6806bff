#!/usr/bin/env node
// `npm test`: install what is missing, build, type-check, lint, then every vitest project
// (unit, integration on real chDB/Postgres/Redis, API and browser e2e). Ends with the line
// `tests: N passed, N failed`, where type-check, lint and the engines check count as one test each.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, CHROMIUM_PACKAGE, ensureSystemPackages, HAPROXY_PACKAGE, installDependencies, PROMETHEUS_PACKAGE, REDIS_PACKAGE, run } from './lib/setup.mjs';

const started = Date.now();
installDependencies();
ensureSystemPackages([REDIS_PACKAGE, CHROMIUM_PACKAGE, PROMETHEUS_PACKAGE, HAPROXY_PACKAGE]);
build(['standalone', 'dashboard']);

const checks = [];
function check(name, command, args) {
  console.log(`\n▸ ${name}`);
  const ok = run(command, args) === 0;
  checks.push({ name, ok });
  console.log(ok ? `✓ ${name}` : `✗ ${name}`);
}
check('type-check (server and libs)', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('type-check (dashboard)', 'npx', ['tsc', '-p', 'apps/dashboard/tsconfig.json', '--noEmit']);
check('lint (incl. module boundaries)', 'npx', ['eslint', '--max-warnings=0', '.']);
check('engines (package.json range vs installed dependencies)', 'node', ['scripts/check-engines.mjs']);

console.log('\n▸ vitest: unit, int, e2e');
const report = join(mkdtempSync(join(tmpdir(), 'vigil-test-')), 'vitest.json');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);

let passed = checks.filter((c) => c.ok).length;
let failed = checks.length - passed;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that failed to load has no failed tests but must still fail the run.
  if (vitestStatus !== 0 && results.numFailedTests === 0) failed += Math.max(1, results.numFailedTestSuites);
} else {
  failed += 1;
}
for (const c of checks.filter((c) => !c.ok)) console.log(`✗ ${c.name}`);
console.log(`\nfinished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
