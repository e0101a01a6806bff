import { describe, expect, it } from 'vitest';
import { type CheckHealth, detectionWindowMs, isSuppressedByParent, troubleStart } from './dependencies';

const check = (fields: Partial<CheckHealth>): CheckHealth => ({ id: 'c', status: 'up', since: 0, troubleSince: null, detectionWindowMs: 70_000, ...fields });

describe('dependencies', () => {
  it('the detection window is (retries + 1) intervals and a timeout', () => {
    expect(detectionWindowMs({ intervalSeconds: 30, retries: 1, timeoutMs: 10_000 })).toBe(70_000);
    expect(detectionWindowMs({ intervalSeconds: null, retries: null, timeoutMs: null })).toBe(0);
  });

  it('trouble starts at the first failure, or when the check went down', () => {
    expect(troubleStart(check({ status: 'down', since: 50, troubleSince: 20 }))).toBe(20);
    expect(troubleStart(check({ status: 'degraded', since: 50 }))).toBe(50);
    expect(troubleStart(check({ status: 'up', troubleSince: 30 }))).toBe(30);
    expect(troubleStart(check({ status: 'up' }))).toBeNull();
  });

  const parentDown = check({ id: 'p', status: 'down', since: 100_000, troubleSince: 80_000 });

  it('a child that went down with its parent is held back', () => {
    expect(isSuppressedByParent(check({ status: 'down', since: 120_000, troubleSince: 90_000 }), parentDown, 1_000_000)).toBe(true);
  });

  it('even when the child noticed first, within its detection window', () => {
    expect(isSuppressedByParent(check({ status: 'down', since: 60_000, troubleSince: 40_000 }), parentDown, 1_000_000)).toBe(true);
  });

  it('a child down long before the parent is its own outage', () => {
    expect(isSuppressedByParent(check({ status: 'down', since: 5_000, troubleSince: 1_000 }), parentDown, 1_000_000)).toBe(false);
  });

  it('a failing parent (about to go down) holds its children back too', () => {
    const failing = check({ id: 'p', status: 'up', troubleSince: 80_000 });
    expect(isSuppressedByParent(check({ status: 'down', since: 90_000, troubleSince: 85_000 }), failing, 1_000_000)).toBe(true);
  });

  it('a degraded parent does not hold children back, nor does a healthy one or none', () => {
    expect(isSuppressedByParent(check({ status: 'down', since: 90_000 }), check({ status: 'degraded', since: 50_000 }), 1_000_000)).toBe(false);
    expect(isSuppressedByParent(check({ status: 'down', since: 90_000 }), check({ status: 'up' }), 1_000_000)).toBe(false);
    expect(isSuppressedByParent(check({ status: 'down', since: 90_000 }), undefined, 1_000_000)).toBe(false);
  });

  it('waits for a healthy parent’s own verdict for one detection window of the parent', () => {
    const child = check({ status: 'down', since: 100_000, troubleSince: 100_000 });
    const parent = check({ id: 'p', status: 'up', detectionWindowMs: 30_000 });
    expect(isSuppressedByParent(child, parent, 120_000)).toBe(true);
    expect(isSuppressedByParent(child, parent, 130_000)).toBe(false);
    expect(isSuppressedByParent(child, check({ id: 'p', status: 'paused' }), 120_000)).toBe(false);
  });

  it('a healthy child is not suppressed', () => {
    expect(isSuppressedByParent(check({ status: 'up' }), parentDown, 1_000_000)).toBe(false);
  });
});
