#!/usr/bin/env node
// `npm start`: install, build, then run Vigil standalone (API, worker, prober on the embedded
// engines) and the dashboard, until Ctrl-C or SIGTERM, which both children get and finish.
// `npm start -- --no-build` skips the install and build checks and runs what is built.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, ensureSystemPackages, installDependencies, REDIS_PACKAGE, root } from './lib/setup.mjs';

if (!process.argv.includes('--no-build')) {
  installDependencies();
  build(['standalone', 'dashboard']);
}

const require = createRequire(import.meta.url);
const { loadConfig, embeddedEngines } = require(join(root, 'dist/server/libs/config/src'));
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error.message);
  process.exit(78);
}
if (embeddedEngines(config).redis) ensureSystemPackages([REDIS_PACKAGE]);

const apiHost = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
// detached: each child gets its own process group, so a terminal's Ctrl-C reaches only this
// script, which passes each one on once: the first asks for a graceful stop, a second one (the
// person pressing Ctrl-C again) means "stop now" to Vigil.
// That also keeps them out of a `kill -9` of this script's group, so each gets an IPC channel
// whose closing tells it this script is gone, however it died: both then stop by themselves,
// Vigil stopping its Postgres and Redis (docs/architecture.md, "Crash hygiene").
const children = [
  spawn(process.execPath, [join(root, 'apps/dashboard/server.mjs'), '--port', String(config.DASHBOARD_PORT), '--host', config.HOST], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, API_INTERNAL_URL: config.API_INTERNAL_URL ?? `http://${apiHost}:${config.PORT}`, NEXT_TELEMETRY_DISABLED: '1' },
  }),
  spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/server/apps/standalone/src/main.js')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }),
];

let stopping = false;
let exitCode = 0;
function signalChildren(signal) {
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  signalChildren(signal);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stopping ? signalChildren(signal) : stopAll(signal)));
await Promise.all(
  children.map(
    (child) =>
      new Promise((resolve) =>
        child.on('exit', (code, signal) => {
          // One child ending on its own (a crash, a port in use) takes the other down too.
          if (!stopping) {
            exitCode = code ?? 1;
            console.error(`\n${child === children[0] ? 'dashboard' : 'Vigil'} exited (${signal ?? code}); stopping.`);
            stopAll('SIGTERM');
          }
          resolve();
        }),
      ),
  ),
);
process.exit(exitCode);
