import { describe, expect, it } from 'vitest';
import { currentLane, EngineMeter, type Lane, metered, runInLane } from './lane-context';
import { LaneScheduler } from './lane-scheduler';

/** An operation the test finishes by hand, recording when it started. */
function gate(log: string[], name: string): { operation: () => Promise<string>; finish: () => void; fail: (error: Error) => void } {
  let finish: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const operation = () => {
    log.push(name);
    return new Promise<string>((resolve, reject) => {
      finish = () => resolve(name);
      fail = reject;
    });
  };
  return { operation, finish: () => finish(), fail: (error) => fail(error) };
}

// A few event-loop turns: a finished write or evaluation makes lower lanes wait one turn.
const tick = async () => {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
};

describe('LaneScheduler, one at a time (embedded)', () => {
  it('runs the highest waiting lane next, in arrival order within a lane', async () => {
    const clock = { t: 0 };
    const scheduler = new LaneScheduler({ maxInFlight: 1, now: () => clock.t });
    const log: string[] = [];
    const running = gate(log, 'running');
    const first = scheduler.run('interactive', running.operation);
    const waiting: [Lane, string][] = [
      ['background', 'bg'],
      ['interactive', 'dash-1'],
      ['evaluation', 'eval-1'],
      ['interactive', 'dash-2'],
      ['write', 'insert'],
      ['evaluation', 'eval-2'],
    ];
    const gates = waiting.map(([lane, name]) => {
      const one = gate(log, name);
      void scheduler.run(lane, one.operation);
      return one;
    });
    expect(log).toEqual(['running']);
    expect(scheduler.stats().interactive.queued).toBe(2);
    running.finish();
    await first;
    // Each finished operation hands the turn to the next; finish them in the order they start.
    for (let index = 0; index < gates.length; index++) {
      await tick();
      const name = log[log.length - 1] as string;
      gates[waiting.findIndex(([, candidate]) => candidate === name)]?.finish();
    }
    expect(log).toEqual(['running', 'insert', 'eval-1', 'eval-2', 'dash-1', 'dash-2', 'bg']);
  });

  it('gives a starved lane a turn after its bound, alternating with the higher lanes', async () => {
    const clock = { t: 0 };
    const scheduler = new LaneScheduler({ maxInFlight: 1, now: () => clock.t, starvationMs: { evaluation: Infinity, interactive: 2_000 } });
    const log: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const submit = (lane: Lane, name: string) => {
      const one = gate(log, name);
      gates.set(name, one);
      void scheduler.run(lane, one.operation);
    };
    submit('evaluation', 'e0');
    submit('interactive', 'd1');
    submit('interactive', 'd2');
    for (let index = 1; index <= 4; index++) submit('evaluation', `e${index}`);
    // Each evaluation takes a second: d1 and d2 have waited past 2 s when e2 ends.
    const finishRunning = async () => {
      clock.t += 1_000;
      gates.get(log[log.length - 1] as string)?.finish();
      await tick();
    };
    for (let index = 0; index < 7; index++) await finishRunning();
    expect(log).toEqual(['e0', 'e1', 'e2', 'd1', 'e3', 'd2', 'e4']);
    expect(scheduler.stats().interactive.promoted).toBe(2);
  });

  it("gives an evaluation's next query, asked for right after its last one ended, the turn before a waiting dashboard", async () => {
    for (const priority of [true, false]) {
      const scheduler = new LaneScheduler({ maxInFlight: 1, priority });
      const log: string[] = [];
      const series = gate(log, 'e-series');
      const evaluation = runInLane('evaluation', async () => {
        await scheduler.runHere(series.operation);
        await Promise.resolve(); // parsing the answer, building the next query
        await scheduler.runHere(async () => {
          log.push('e-samples');
        });
      });
      const dashboard = gate(log, 'dash');
      void scheduler.run('interactive', dashboard.operation);
      series.finish();
      await tick();
      dashboard.finish();
      await evaluation;
      expect(log, `priority ${priority}`).toEqual(priority ? ['e-series', 'e-samples', 'dash'] : ['e-series', 'dash', 'e-samples']);
    }
  });

  it('keeps one queue in arrival order with priority off', async () => {
    const scheduler = new LaneScheduler({ maxInFlight: 1, priority: false });
    const log: string[] = [];
    const running = gate(log, 'running');
    void scheduler.run('background', running.operation);
    const later = [gate(log, 'dash'), gate(log, 'eval'), gate(log, 'insert')];
    void scheduler.run('interactive', (later[0] as ReturnType<typeof gate>).operation);
    void scheduler.run('evaluation', (later[1] as ReturnType<typeof gate>).operation);
    void scheduler.run('write', (later[2] as ReturnType<typeof gate>).operation);
    running.finish();
    for (const one of later) {
      await tick();
      one.finish();
    }
    expect(log).toEqual(['running', 'dash', 'eval', 'insert']);
  });

  it('passes results and errors through, a synchronous throw included, and keeps going', async () => {
    const scheduler = new LaneScheduler({ maxInFlight: 1 });
    const log: string[] = [];
    const failing = gate(log, 'fails');
    const failed = scheduler.run('interactive', failing.operation);
    const thrown = scheduler.run('interactive', () => {
      throw new Error('sync');
    });
    const ok = scheduler.run('interactive', () => Promise.resolve(42));
    failing.fail(new Error('boom'));
    await expect(failed).rejects.toThrow('boom');
    await expect(thrown).rejects.toThrow('sync');
    await expect(ok).resolves.toBe(42);
    const stats = scheduler.stats().interactive;
    expect(stats).toMatchObject({ completed: 3, failed: 2, inFlight: 0, queued: 0 });
    expect(stats.wait.count).toBe(3);
    expect(stats.run.counts.reduce((sum, count) => sum + count, 0)).toBe(3);
  });
});

describe('LaneScheduler with a server (per-lane limits)', () => {
  it('runs each lane up to its own limit at once, independently of the others', async () => {
    const scheduler = new LaneScheduler({ limits: { interactive: 2, evaluation: 1 } });
    const log: string[] = [];
    const gates = ['d1', 'd2', 'd3'].map((name) => gate(log, name));
    for (const one of gates) void scheduler.run('interactive', one.operation);
    const evaluation = gate(log, 'e1');
    void scheduler.run('evaluation', evaluation.operation);
    expect(log).toEqual(['d1', 'd2', 'e1']);
    expect(scheduler.stats().interactive).toMatchObject({ inFlight: 2, queued: 1, limit: 2 });
    gates[0]?.finish();
    await tick();
    expect(log).toEqual(['d1', 'd2', 'e1', 'd3']);
    expect(scheduler.stats().background.limit).toBe(2);
  });
});

describe('lane context', () => {
  it('takes the lane from runInLane (default interactive) and meters run time of the work', async () => {
    const clock = { t: 0 };
    const scheduler = new LaneScheduler({ maxInFlight: 1, now: () => clock.t });
    expect(currentLane()).toBe('interactive');
    const meter = new EngineMeter();
    const lanes = await runInLane('evaluation', () =>
      metered(meter, async () => {
        const seen: Lane[] = [];
        for (let index = 0; index < 2; index++) {
          await scheduler.runHere(async () => {
            seen.push(currentLane());
            clock.t += 30;
          });
        }
        return [...seen, await runInLane('background', async () => currentLane())];
      }),
    );
    expect(lanes).toEqual(['evaluation', 'evaluation', 'background']);
    expect(meter).toMatchObject({ runMs: 60, operations: 2 });
    expect(scheduler.stats().evaluation.completed).toBe(2);
    expect(scheduler.stats().evaluation.run.sumMs).toBe(60);
  });
});
