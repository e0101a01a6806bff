import type { ConfigStore, SloRecord, SloRecordingUpdate } from '@vigil/config-store';
import type { Logger } from '@vigil/server-kit';
import { checkLiveRange, checkSliOf, historyChunk, historyLimit, lateRange, liveRange, type Range, recordableEnd } from '@vigil/slo';
import { type Lane, runInLane, type TelemetryStore } from '@vigil/telemetry-store';
import type { LateDataMarks, LateMarks } from './late-data';
import { SliRecordRepository, type MinuteRecord } from './sli-records.repository';
import { checkQuorums, readingOf, SliCounter } from './sli-counter';
import type { SliReading } from './sli-sample-reader';

export interface SliRecorderOptions {
  store: ConfigStore;
  telemetry: TelemetryStore;
  marks: LateDataMarks;
  logger: Logger;
  /** Engine time one tick may spend on history (ms, default 20 s); the rest waits for the next tick. */
  historyBudgetMs?: number;
  /** Monotonic milliseconds, for the history budget (default performance.now). */
  clock?: () => number;
}

export interface RecordingSummary {
  slos: number;
  /** Ranges read and reconciled (live, late, history), each one samples query for all SLOs of a project. */
  ranges: number;
  /** Rows written (new minutes and corrections). */
  rows: number;
  historyChunks: number;
  lateRanges: number;
  /** SLOs whose project failed to record this tick (their error is on the SLO). */
  failed: number;
}

interface SloState {
  slo: SloRecord;
  reading: SliReading;
  recordedUntil: number;
  historyCursor: number;
  historyLimit: number;
  historyReachedBack: number | null;
}

const DEFAULT_HISTORY_BUDGET_MS = 20_000;

/**
 * Records every SLO's good and valid events per minute into ClickHouse (docs/slo.md, Recording):
 * - live: the minutes since the last tick, for all of a project's SLOs at once (`evaluation` lane);
 * - late data: minutes the ingest path marked (samples that arrived after their minute was
 *   recorded) are recorded again;
 * - history: a new SLO, or one whose SLI changed, is recorded backwards a day at a time from
 *   where live recording started to the oldest sample its metrics hold (`background` lane,
 *   bounded per tick).
 * Recording a range is a reconciliation: count from the samples, read what is stored, write the
 * difference. So a retried tick, two ticks over the same minutes, or late data never count an
 * event twice. One recorder runs at a time across replicas (the caller holds a lock).
 */
export class SliRecorder {
  private readonly reader: SliCounter;
  private readonly records: SliRecordRepository;

  constructor(private readonly options: SliRecorderOptions) {
    this.reader = new SliCounter(options.telemetry);
    this.records = new SliRecordRepository(options.telemetry);
  }

  async tick(now: number): Promise<RecordingSummary> {
    const summary: RecordingSummary = { slos: 0, ranges: 0, rows: 0, historyChunks: 0, lateRanges: 0, failed: 0 };
    const end = recordableEnd(now);
    const slos = await this.options.store.slos.listAll();
    summary.slos = slos.length;
    const marks = await this.options.marks.take();
    const byProject = new Map<string, SloRecord[]>();
    for (const slo of slos) byProject.set(slo.projectId, [...(byProject.get(slo.projectId) ?? []), slo]);
    const clock = this.options.clock ?? (() => performance.now());
    const historyDeadline = clock() + (this.options.historyBudgetMs ?? DEFAULT_HISTORY_BUDGET_MS);
    const updates: SloRecordingUpdate[] = [];
    for (const [projectId, projectSlos] of byProject) {
      const late = marks.get(projectId);
      try {
        const states = await this.recordProject(projectId, projectSlos, late, end, now, summary, () => clock() < historyDeadline);
        updates.push(...states.map((state) => progressOf(state, null)));
      } catch (error) {
        summary.failed += projectSlos.length;
        if (late) await this.options.marks.restore(new Map([[projectId, late]]) as LateMarks);
        const message = error instanceof Error ? error.message : String(error);
        this.options.logger.warn({ err: error, projectId }, 'recording SLIs failed');
        for (const slo of projectSlos) await this.options.store.slos.recordError(slo.id, slo.sliRevision, `recording failed: ${message.slice(0, 500)}`);
      }
    }
    await this.options.store.slos.recordProgress(updates);
    return summary;
  }

  private async recordProject(
    projectId: string,
    slos: readonly SloRecord[],
    late: ReadonlyMap<string, number> | undefined,
    end: number,
    now: number,
    summary: RecordingSummary,
    historyTimeLeft: () => boolean,
  ): Promise<SloState[]> {
    const states: SloState[] = [];
    const quorums = await checkQuorums(this.options.store, projectId, slos.map((slo) => slo.sli));
    for (const slo of slos) {
      const checkId = checkSliOf(slo.sli)?.checkId;
      if (checkId !== undefined && !quorums.has(checkId)) {
        // Deleting a check an SLO reads is refused; this is a check removed some other way (its project's purge).
        await this.options.store.slos.recordError(slo.id, slo.sliRevision, `the check ${checkId} this SLI reads no longer exists`);
        continue;
      }
      const reading = readingOf(slo.id, slo.sliRevision, slo.sli, checkId === undefined ? 1 : quorums.get(checkId));
      if (slo.recordedUntil === null || slo.historyCursor === null || slo.historyLimit === null) {
        // A new SLI revision: live recording starts now; history is recorded backwards from here.
        const oldest = await runInLane('evaluation', () => this.reader.oldest(projectId, reading));
        states.push({ slo, reading, recordedUntil: end, historyCursor: end, historyLimit: historyLimit(end, oldest), historyReachedBack: null });
      } else {
        states.push({ slo, reading, recordedUntil: slo.recordedUntil.getTime(), historyCursor: slo.historyCursor.getTime(), historyLimit: slo.historyLimit.getTime(), historyReachedBack: slo.historyReachedBack?.getTime() ?? null });
      }
    }

    // Check SLIs count their last recorded minutes again (results written late: CHECK_RESULTS_RECOUNT_MS).
    for (const [range, group] of byRange(states, (state) => (state.reading.check ? checkLiveRange : liveRange)(state.recordedUntil, end))) {
      await this.reconcile(projectId, group, range, 'evaluation', summary);
      for (const state of group) state.recordedUntil = range.to;
    }

    for (const [metric, oldest] of late ?? []) {
      const readers = states.filter((state) => state.reading.sides.some((side) => side.metric === metric));
      for (const [range, group] of byRange(readers, (state) => lateRange(oldest, state.recordedUntil, now))) {
        await this.reconcile(projectId, group, range, 'evaluation', summary);
        summary.lateRanges += 1;
      }
    }

    while (historyTimeLeft()) {
      const chunks = byRange(states, (state) => historyChunk(state.historyCursor, state.historyLimit));
      if (chunks.size === 0) break;
      for (const [range, group] of chunks) {
        const earliest = await this.reconcile(projectId, group, range, 'background', summary);
        summary.historyChunks += 1;
        for (const state of group) {
          state.historyCursor = range.from;
          const found = earliest.get(state.slo.id);
          if (found !== undefined && (state.historyReachedBack === null || found < state.historyReachedBack)) state.historyReachedBack = found;
        }
        if (!historyTimeLeft()) break;
      }
    }
    return states;
  }

  /** Counts the range from the samples, compares with what is stored, writes the difference. Returns each SLO's earliest minute with valid events. */
  private async reconcile(projectId: string, states: readonly SloState[], range: Range, lane: Lane, summary: RecordingSummary): Promise<Map<string, number>> {
    return runInLane(lane, async () => {
      const readings = states.map((state) => state.reading);
      const counted = await this.reader.count(projectId, readings, range.from, range.to);
      const stored = await this.records.minutes(projectId, readings, range.from, range.to);
      const key = (r: { sloId: string; groupKey: string; minute: number }) => `${r.sloId}\u0000${r.groupKey}\u0000${r.minute}`;
      const difference = new Map<string, MinuteRecord>();
      for (const row of counted) difference.set(key(row), { ...row });
      for (const row of stored) {
        const entry = difference.get(key(row)) ?? { ...row, good: 0, valid: 0 };
        entry.good -= row.good;
        entry.valid -= row.valid;
        difference.set(key(row), entry);
      }
      const rows = [...difference.values()].filter((row) => row.good !== 0 || row.valid !== 0);
      await this.records.insert(projectId, rows);
      summary.rows += rows.length;
      summary.ranges += 1;
      const earliest = new Map<string, number>();
      for (const row of counted) {
        if (row.valid <= 0) continue;
        const known = earliest.get(row.sloId);
        if (known === undefined || row.minute < known) earliest.set(row.sloId, row.minute);
      }
      return earliest;
    });
  }
}

/** States grouped by the range `rangeOf` gives them (null: nothing to do), so SLOs with equal ranges share one read. */
function byRange(states: readonly SloState[], rangeOf: (state: SloState) => Range | null): Map<Range, SloState[]> {
  const byKey = new Map<string, { range: Range; group: SloState[] }>();
  for (const state of states) {
    const range = rangeOf(state);
    if (range === null) continue;
    const key = `${range.from}:${range.to}`;
    const entry = byKey.get(key) ?? { range, group: [] };
    entry.group.push(state);
    byKey.set(key, entry);
  }
  return new Map([...byKey.values()].map(({ range, group }) => [range, group]));
}

function progressOf(state: SloState, error: string | null): SloRecordingUpdate {
  return {
    id: state.slo.id,
    revision: state.slo.sliRevision,
    recordedUntil: new Date(state.recordedUntil),
    historyCursor: new Date(state.historyCursor),
    historyLimit: new Date(state.historyLimit),
    historyReachedBack: state.historyReachedBack === null ? null : new Date(state.historyReachedBack),
    error,
  };
}
