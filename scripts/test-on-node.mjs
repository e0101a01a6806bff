#!/usr/bin/env node
// `npm run test:node22` (or `node scripts/test-on-node.mjs <version or range>`): runs the whole of
// `npm test` under another Node.js, taken from the npm registry's `node-<platform>-<arch>`
// package (the official binary, checked against the registry's integrity hash by `npm pack`),
// so it needs no network beyond what `npm install` already uses. The binary is unpacked once
// into ~/.cache/vigil/ and reused; the machine's own Node.js is left alone.
//
// CI runs `npm test` on the machines' Node 20; this is the second half of the engines claim
// (docs/architecture.md, "Workspace and build").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import semver from 'semver';
import { root } from './lib/setup.mjs';

const wanted = process.argv[2];
if (!wanted || !semver.validRange(wanted)) {
  console.error('usage: node scripts/test-on-node.mjs <version or range>, e.g. 22 or 22.23.5');
  process.exit(2);
}

function npm(args, options = {}) {
  const result = spawnSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (result.status !== 0) {
    console.error(`npm ${args.join(' ')} failed (exit ${result.status})`);
    process.exit(1);
  }
  return result.stdout;
}

const pkg = `node-${process.platform}-${process.arch}`;
const listed = JSON.parse(npm(['view', `${pkg}@${wanted}`, 'version', '--json']) || 'null');
const version = semver.maxSatisfying([listed ?? []].flat(), wanted);
if (!version) {
  console.error(`the registry has no ${pkg} matching ${wanted}`);
  process.exit(1);
}

const home = join(homedir(), '.cache', 'vigil', `${pkg}-${version}`);
const bin = join(home, 'bin');
if (!existsSync(join(bin, 'node'))) {
  console.log(`▸ Fetching ${pkg}@${version} from the npm registry`);
  const scratch = mkdtempSync(join(tmpdir(), 'vigil-node-'));
  try {
    const [{ filename }] = JSON.parse(npm(['pack', `${pkg}@${version}`, '--json', '--pack-destination', scratch]));
    mkdirSync(home, { recursive: true });
    const untar = spawnSync('tar', ['xzf', join(scratch, filename), '-C', home, '--strip-components=1'], { stdio: 'inherit' });
    if (untar.status !== 0) {
      rmSync(home, { recursive: true, force: true });
      console.error(`could not unpack ${filename}`);
      process.exit(1);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// The package holds only `node`; npm and npx stay the machine's and run on the node found
// first in PATH. Nx's cache is skipped so the builds run under this Node.js too.
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, NX_SKIP_NX_CACHE: 'true' };
const check = spawnSync('node', ['--version'], { env, encoding: 'utf8' });
console.log(`▸ npm test on Node.js ${check.stdout.trim()} (${join(bin, 'node')})`);
const result = spawnSync('node', ['scripts/test.mjs'], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
