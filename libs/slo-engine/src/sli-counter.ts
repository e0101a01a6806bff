import type { ConfigStore } from '@vigil/config-store';
import type { Sli } from '@vigil/contracts';
import { checkSliOf, sliGroupBy, sliSides } from '@vigil/slo';
import type { TelemetryStore } from '@vigil/telemetry-store';
import { CheckSliReader } from './check-sli-reader';
import { type CountedMinute, type SliReading, SliSampleReader } from './sli-sample-reader';

/** An SLO (or a previewed SLI) as a reading; `quorum` is its check's, for check SLIs. */
export function readingOf(sloId: string, revision: number, sli: Sli, quorum = 1): SliReading {
  const check = checkSliOf(sli);
  return { sloId, revision, sides: sliSides(sli), groupBy: sliGroupBy(sli), ...(check ? { check: { sli: check, quorum } } : {}) };
}

/** The quorum of each check these SLIs read (a check that is gone is left out). */
export async function checkQuorums(store: ConfigStore, projectId: string, slis: readonly Sli[]): Promise<Map<string, number>> {
  const ids = [...new Set(slis.flatMap((sli) => checkSliOf(sli)?.checkId ?? []))];
  if (ids.length === 0) return new Map();
  return new Map((await store.checks.findManyWithState(projectId, ids)).map((check) => [check.id, check.quorum ?? 1]));
}

/**
 * Good and valid events per SLO, group and minute, whatever the SLI reads: metric SLIs from the
 * samples (SliSampleReader), check SLIs from the check results (CheckSliReader). Recording and
 * the form's preview count through this one place, so what the form shows is what is recorded.
 */
export class SliCounter {
  private readonly samples: SliSampleReader;
  private readonly checks: CheckSliReader;

  constructor(telemetry: TelemetryStore) {
    this.samples = new SliSampleReader(telemetry);
    this.checks = new CheckSliReader(telemetry);
  }

  async count(projectId: string, readings: readonly SliReading[], from: number, to: number): Promise<CountedMinute[]> {
    const metricReadings = readings.filter((reading) => reading.check === undefined);
    return [...(await this.samples.count(projectId, metricReadings, from, to)), ...(await this.checks.count(projectId, readings, from, to))];
  }

  /** The oldest data the reading's SLI could count (hour-accurate for metrics), null when there is none. */
  oldest(projectId: string, reading: SliReading): Promise<number | null> {
    if (reading.check) return this.checks.oldestResult(projectId, [reading.check.sli.checkId]);
    return this.samples.oldestSample(projectId, [...new Set(reading.sides.map((side) => side.metric))]);
  }
}
