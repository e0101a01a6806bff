import type { CheckRecord, ConfigStore } from '@vigil/config-store';
import { batchOf, scheduleOffsetMs } from '@vigil/probing';
import { describe, expect, it } from 'vitest';
import { schedulerId } from './check-schedules';
import { RegionChecks } from './region-checks';

function check(index: number, intervalSeconds: number): CheckRecord {
  const id = `0b7c2a6e-0000-4000-8000-${String(index).padStart(12, '0')}`;
  const at = new Date(0);
  return { id, projectId: 'p', name: `c${index}`, description: '', kind: 'http', spec: {}, enabled: true, intervalSeconds, timeoutMs: 1_000, retries: 0, regions: [], quorum: 1, labels: {}, parentId: null, pushTokenPrefix: null, createdAt: at, updatedAt: at };
}

function storeOf(checks: () => CheckRecord[], onList: () => void = () => undefined): ConfigStore {
  return {
    checks: {
      listProbedIn: async () => {
        onList();
        return checks();
      },
    },
  } as unknown as ConfigStore;
}

describe('RegionChecks', () => {
  it('groups the region’s checks by the batch their interval and offset fall in', async () => {
    const all = [...Array.from({ length: 300 }, (_, index) => check(index, 30)), ...Array.from({ length: 20 }, (_, index) => check(1_000 + index, 300))];
    const checks = new RegionChecks(storeOf(() => all), 'local');
    const { checkIds, batchesChanged } = await checks.load(1);
    expect(checkIds.size).toBe(320);
    expect(batchesChanged).toBe(true);
    // 300 checks every 30 s fill the 30 one-second slots; every check is in exactly its own batch.
    expect(checks.batches().filter((batch) => batch.everyMs === 30_000)).toHaveLength(30);
    let members = 0;
    for (const batch of checks.batches()) {
      for (const member of checks.members(batch)) {
        const everyMs = (member.intervalSeconds ?? 60) * 1000;
        expect(schedulerId(batchOf(scheduleOffsetMs(member.id, everyMs), everyMs))).toBe(schedulerId(batch));
        members += 1;
      }
    }
    expect(members).toBe(320);
    expect(checks.members({ everyMs: 60_000, index: 3 })).toEqual([]);
    // The same checks again: the batches did not change (the schedulers need no read-back).
    expect((await checks.load(2)).batchesChanged).toBe(false);
  });

  it('reloads when the version moved, at most every ten times the last reload’s duration', async () => {
    let now = 1_000_000;
    let lists = 0;
    const checks = new RegionChecks(
      storeOf(
        () => [check(1, 30)],
        () => {
          lists += 1;
          now += 50; // each reload takes 50 ms
        },
      ),
      'local',
      () => now,
    );
    expect(checks.wants(1)).toBe(true);
    await checks.load(1);
    expect(lists).toBe(1);
    expect(checks.wants(1)).toBe(false);
    expect(checks.wants(2)).toBe(false);
    now += 499;
    expect(checks.wants(2)).toBe(false);
    now += 1;
    expect(checks.wants(2)).toBe(true);
  });
});
