import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Priority lanes of the telemetry store, highest first (docs/architecture.md, "Embedded chDB runs
 * one query at a time"): ingest inserts, alert/SLO/failover evaluations, interactive reads
 * (dashboards, API reads, tail polls), maintenance and rollups.
 */
export const LANES = ['write', 'evaluation', 'interactive', 'background'] as const;
export type Lane = (typeof LANES)[number];

/** Engine time spent by the operations of one piece of work (a log search's slices, say). */
export class EngineMeter {
  /** Milliseconds the store's operations ran (queue waits not included). */
  runMs = 0;
  operations = 0;
}

interface EngineContext {
  readonly lane: Lane;
  readonly meter: EngineMeter | undefined;
}

// One storage for the process: the lane is a property of the work being done (a request, a job),
// not of a store, so repositories need no lane parameter.
const storage = new AsyncLocalStorage<EngineContext>();
const DEFAULT_CONTEXT: EngineContext = { lane: 'interactive', meter: undefined };

/**
 * Runs `fn` with every store operation it starts (queries, commands, inserts through the client)
 * on `lane`. Nested calls override the outer lane. The writer's inserts are always `write`.
 */
export function runInLane<T>(lane: Lane, fn: () => T): T {
  return storage.run({ lane, meter: storage.getStore()?.meter }, fn);
}

/** The lane store operations started here run on: the innermost `runInLane`, else `interactive`. */
export function currentLane(): Lane {
  return (storage.getStore() ?? DEFAULT_CONTEXT).lane;
}

/** The lane and meter of the current async context (read once per operation by the scheduler). */
export function engineContext(): EngineContext {
  return storage.getStore() ?? DEFAULT_CONTEXT;
}

/** Runs `fn` with the store's operations adding their run time to `meter` (same lane as now). */
export function metered<T>(meter: EngineMeter, fn: () => T): T {
  return storage.run({ lane: currentLane(), meter }, fn);
}
