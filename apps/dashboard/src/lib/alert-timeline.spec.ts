import type { AlertEvent } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { describeTransition, segmentBox, timelineLanes } from './alert-timeline';

function event(instanceId: string, time: number, from: string, to: string, severity = ''): AlertEvent {
  return { time, ruleId: 'r1', ruleName: 'Queue', instanceId, labels: { alertname: 'Queue', rule_id: 'r1', severity: 'critical', queue: instanceId }, from, to, severity, value: 1, evidence: null };
}

const RANGE = { from: 1_000, to: 10_000 };

describe('timelineLanes', () => {
  it('rebuilds pending and firing spans from transitions, newest lane first', () => {
    const lanes = timelineLanes(
      [
        event('a', 5_000, 'firing', 'resolved', 'critical'),
        event('a', 3_000, 'pending', 'firing', 'critical'),
        event('a', 2_000, 'inactive', 'pending', 'critical'),
        event('b', 8_000, 'inactive', 'firing', 'warning'),
      ],
      RANGE,
    );
    expect(lanes.map((lane) => lane.instanceId)).toEqual(['b', 'a']);
    expect(lanes[1]?.segments).toEqual([
      { state: 'pending', severity: 'critical', from: 2_000, to: 3_000, ongoing: false },
      { state: 'firing', severity: 'critical', from: 3_000, to: 5_000, ongoing: false },
    ]);
    expect(lanes[0]?.segments).toEqual([{ state: 'firing', severity: 'warning', from: 8_000, to: 10_000, ongoing: true }]);
    expect(lanes[0]?.groupLabels).toEqual({ queue: 'b' });
    expect(lanes[1]?.events.map((one) => one.time)).toEqual([2_000, 3_000, 5_000]);
  });

  it('starts a span at the range’s start when the alert was already firing, and splits it at a severity change', () => {
    const lanes = timelineLanes([event('a', 4_000, 'firing', 'firing', 'critical'), event('a', 6_000, 'firing', 'resolved', 'critical')], RANGE);
    expect(lanes[0]?.segments).toEqual([
      { state: 'firing', severity: null, from: 1_000, to: 4_000, ongoing: false },
      { state: 'firing', severity: 'critical', from: 4_000, to: 6_000, ongoing: false },
    ]);
  });

  it('has no lanes without events', () => {
    expect(timelineLanes([], RANGE)).toEqual([]);
  });
});

describe('segmentBox', () => {
  it('places a span in percent of the range, at least a sliver wide', () => {
    expect(segmentBox({ from: 1_000, to: 5_500 }, RANGE)).toEqual({ left: 0, width: 50 });
    expect(segmentBox({ from: 0, to: 20_000 }, RANGE)).toEqual({ left: 0, width: 100 });
    expect(segmentBox({ from: 10_000, to: 10_000 }, RANGE)).toEqual({ left: 99.6, width: 0.4 });
  });
});

describe('describeTransition', () => {
  it('names the states and a firing severity', () => {
    expect(describeTransition({ from: 'pending', to: 'firing', severity: 'critical' })).toBe('pending → firing (critical)');
    expect(describeTransition({ from: 'firing', to: 'resolved', severity: 'critical' })).toBe('firing → resolved');
  });
});
