/** A series row is written again at most once per hour of sample time; last_seen is hour-accurate. */
export const SERIES_REFRESH_MS = 3_600_000;
const DEFAULT_LIMIT = 200_000;

export interface SeriesSpan {
  /** Earliest and latest sample time (epoch ms) of the series in the batch being written. */
  firstMs: number;
  lastMs: number;
}

/**
 * Series rows this process has written: `${projectId}:${fingerprint}` → the earliest sample
 * time and the latest hour written. A batch rewrites a series row only when it extends either,
 * so steady ingest writes each series about once an hour, not once per batch. Shared by every
 * writer of a process (MetricRepository, the batch writers); entries are recorded only after
 * the write succeeded, so a failed batch writes its series again when retried. Bounded: past
 * `limit` entries it starts over, which costs one extra series row per series, nothing more.
 */
export class SeriesCache {
  // Per project, then by fingerprint: a `${projectId}:${fingerprint}` key per series and batch
  // was built and hashed anew each time, a tenth of an OTLP point's cost; the fingerprint string
  // is memoised per series, so its hash is computed once.
  private readonly written = new Map<string, Map<string, { firstMs: number; lastHour: number }>>();
  private entries = 0;
  private lastProjectId: string | undefined;
  private lastProject: Map<string, { firstMs: number; lastHour: number }> | undefined;

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  get size(): number {
    return this.entries;
  }

  /**
   * True when the series row must be (re)written for a batch whose samples of the series span
   * `firstMs`..`lastMs`. Numbers, not a span object: the encoder asks for every series of every
   * batch (for OTLP, one point each), and only the few due ones need an object.
   */
  isDue(projectId: string, fingerprint: string, firstMs: number, lastMs: number): boolean {
    const written = this.projectWritten(projectId)?.get(fingerprint);
    return written === undefined || firstMs < written.firstMs || Math.floor(lastMs / SERIES_REFRESH_MS) > written.lastHour;
  }

  /** The project's entries; the last project's are remembered, since a batch asks for one project many times. */
  private projectWritten(projectId: string): Map<string, { firstMs: number; lastHour: number }> | undefined {
    if (projectId !== this.lastProjectId) {
      this.lastProjectId = projectId;
      this.lastProject = this.written.get(projectId);
    }
    return this.lastProject;
  }

  /** Records series rows that are now stored. */
  recordWritten(projectId: string, entries: readonly { fingerprint: string; firstMs: number; lastMs: number }[]): void {
    if (this.entries + entries.length > this.limit) {
      this.written.clear();
      this.entries = 0;
    }
    let project = this.written.get(projectId);
    if (!project) this.written.set(projectId, (project = new Map()));
    this.lastProjectId = projectId;
    this.lastProject = project;
    for (const entry of entries) {
      const written = project.get(entry.fingerprint);
      if (!written) this.entries++;
      project.set(entry.fingerprint, {
        firstMs: Math.min(written?.firstMs ?? Infinity, entry.firstMs),
        lastHour: Math.max(written?.lastHour ?? -Infinity, Math.floor(entry.lastMs / SERIES_REFRESH_MS)),
      });
    }
  }
}
