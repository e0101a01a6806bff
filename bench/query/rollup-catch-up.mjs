// Child process: brings the hourly rollup of a loaded data set up to date before the queries are
// timed, as a running Vigil's worker does on its own within minutes (one run a minute, ≤ 60 s
// each). Without it the first queries after a load would read from the samples the hours the
// worker has not rolled up yet, and the figures would depend on how far it had got.
// Opens the chDB directory Vigil wrote (Vigil stopped: chDB allows one process per directory)
// and runs Vigil's own MetricRollup (from dist/) until the watermark is at the last closed hour
// and no hour is marked stale.
//   node rollup-catch-up.mjs <vigilDataDir>
// Prints RESULT {"seconds", "runs", "closedHours", "rebuiltHours", "slices", "watermarkMs"}.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../lib/processes.mjs';

const require = createRequire(resolve(ROOT, 'package.json'));
const store$ = require(resolve(ROOT, 'dist/server/libs/telemetry-store/src'));
const MAX_RUNS = 100;

const [dir] = process.argv.slice(2);
const store = await store$.createTelemetryStore({ database: 'vigil', dataDir: dir });
const rollup = new store$.MetricRollup(store);
const began = performance.now();
const total = { runs: 0, closedHours: 0, rebuiltHours: 0, slices: 0, watermarkMs: 0 };
for (;;) {
  const now = Date.now();
  const run = await rollup.run(now);
  total.runs++;
  total.closedHours += run.closedHours;
  total.rebuiltHours += run.rebuiltHours;
  total.slices += run.slices;
  total.watermarkMs = run.watermarkMs;
  const caughtUp = run.watermarkMs >= Math.floor((now - store$.ROLLUP_GRACE_MS) / store$.HOUR_MS) * store$.HOUR_MS && (await rollup.staleMarks()) === 0;
  if (caughtUp) break;
  if (total.runs >= MAX_RUNS) throw new Error(`the rollup did not catch up in ${MAX_RUNS} runs: ${JSON.stringify(total)}`);
}
await store.close();
console.log(`RESULT ${JSON.stringify({ seconds: (performance.now() - began) / 1000, ...total })}`);
