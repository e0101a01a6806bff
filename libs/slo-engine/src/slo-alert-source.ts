import type { ExtensionSource } from '@vigil/alert-engine';
import type { ExtensionDataRequest } from '@vigil/alerting';
import type { ConfigStore, SloRecord } from '@vigil/config-store';
import { type SloDataParams, type SloRuleData, windowRange } from '@vigil/slo';
import { runInLane, type TelemetryStore } from '@vigil/telemetry-store';
import { figuresEnd, refOf } from './slo-figures';
import { type EventCounts, type GroupTotals, labelsOfGroupKey, SliRecordRepository } from './sli-records.repository';

/**
 * The `slo` data source of the alerting engine (docs/slo.md, Alerts): answers the SLO rule kinds'
 * requests from the SLI records, on the `evaluation` lane. Windows end at each SLO's last
 * recorded minute (never at a minute still being recorded, which would read as a dip). All of a
 * project's SLO rules due together cost one read of minutes and one of hours per distinct end,
 * plus one window-total read per distinct SLO window. An SLO of another project, or one not
 * recorded yet, has no data.
 */
export class SloAlertSource implements ExtensionSource {
  private readonly records: SliRecordRepository;

  constructor(
    private readonly store: ConfigStore,
    telemetry: TelemetryStore,
  ) {
    this.records = new SliRecordRepository(telemetry);
  }

  fetch(projectId: string, requests: readonly { ruleId: string; request: ExtensionDataRequest }[], now: number): Promise<Map<string, Map<string, unknown>>> {
    return runInLane('evaluation', () => this.read(projectId, requests, now));
  }

  private async read(projectId: string, requests: readonly { ruleId: string; request: ExtensionDataRequest }[], now: number): Promise<Map<string, Map<string, unknown>>> {
    const wanted = requests.map(({ ruleId, request }) => ({ ruleId, id: request.id, params: request.params as SloDataParams }));
    const slos = new Map(
      (await this.store.slos.listAll([...new Set(wanted.map((entry) => entry.params.sloId))]))
        .filter((slo) => slo.projectId === projectId)
        .map((slo) => [slo.id, slo]),
    );
    const ends = new Map<string, number>();
    for (const slo of slos.values()) {
      const to = figuresEnd(slo, now);
      if (to !== null) ends.set(slo.id, to);
    }
    const budgets = await this.records.totals(
      projectId,
      [...ends].map(([id, to]) => {
        const slo = slos.get(id) as SloRecord;
        return { ...refOf(slo), from: windowRange(slo.window, to).from, to };
      }),
    );
    // Per end: every window any rule asks for, read once.
    const windowsByEnd = new Map<number, { windows: number[]; ids: Set<string> }>();
    for (const entry of wanted) {
      const to = ends.get(entry.params.sloId);
      if (to === undefined) continue;
      const group = windowsByEnd.get(to) ?? { windows: [], ids: new Set<string>() };
      for (const seconds of entry.params.windowsSeconds) if (!group.windows.includes(seconds * 1000)) group.windows.push(seconds * 1000);
      group.ids.add(entry.params.sloId);
      windowsByEnd.set(to, group);
    }
    const windowTotals = new Map<string, { windows: number[]; groups: Map<string, EventCounts[]> }>();
    for (const [to, { windows, ids }] of windowsByEnd) {
      const read = await this.records.windowTotals(projectId, [...ids].map((id) => refOf(slos.get(id) as SloRecord)), to, windows);
      for (const id of ids) windowTotals.set(id, { windows, groups: read.get(id) ?? new Map() });
    }
    const answers = new Map<string, Map<string, unknown>>();
    for (const entry of wanted) {
      const slo = slos.get(entry.params.sloId);
      const to = ends.get(entry.params.sloId);
      if (!slo || to === undefined) continue;
      const data = ruleData(slo, to, entry.params.windowsSeconds, budgets, windowTotals.get(slo.id));
      const perRule = answers.get(entry.ruleId) ?? new Map<string, unknown>();
      perRule.set(entry.id, data);
      answers.set(entry.ruleId, perRule);
    }
    return answers;
  }
}

function ruleData(slo: SloRecord, to: number, windowsSeconds: readonly number[], budgets: GroupTotals, read: { windows: number[]; groups: Map<string, EventCounts[]> } | undefined): SloRuleData {
  const budget = budgets.get(slo.id) ?? new Map<string, EventCounts>();
  const keys = new Set([...budget.keys(), ...(read?.groups.keys() ?? [])]);
  return {
    sloId: slo.id,
    name: slo.name,
    objective: slo.objective,
    windowLengthMs: windowRange(slo.window, to).lengthMs,
    to,
    groups: [...keys].sort().map((groupKey) => ({
      labels: labelsOfGroupKey(groupKey),
      windows: windowsSeconds.map((seconds) => {
        const index = read?.windows.indexOf(seconds * 1000) ?? -1;
        return read?.groups.get(groupKey)?.[index] ?? { good: 0, valid: 0 };
      }),
      budget: budget.get(groupKey) ?? { good: 0, valid: 0 },
    })),
  };
}
