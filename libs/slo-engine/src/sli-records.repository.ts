import { type RangeParts, splitRange } from '@vigil/slo';
import { type ColumnSpec, compile, join, param, qualifiedTable, sql, type SqlFragment, type TelemetryStore } from '@vigil/telemetry-store';

/** One SLO's records of its current SLI revision. */
export interface SliRef {
  sloId: string;
  revision: number;
}

export interface EventCounts {
  good: number;
  valid: number;
}

/** Good and valid events of one SLO, label group and minute (or a correction of them). */
export interface MinuteRecord extends EventCounts {
  sloId: string;
  revision: number;
  groupKey: string;
  /** Start of the minute (t, t + 1 min], epoch ms. */
  minute: number;
}

/** Per SLO id, per group key. */
export type GroupTotals = Map<string, Map<string, EventCounts>>;

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'project_id', kind: 'UUID' },
  { name: 'slo_id', kind: 'UUID' },
  { name: 'revision', kind: 'UInt64' },
  { name: 'group_key', kind: 'String' },
  { name: 'minute', kind: 'DateTimeFromMs' },
  { name: 'good', kind: 'Float64' },
  { name: 'valid', kind: 'Float64' },
];

const seconds = (ms: number): SqlFragment => sql`toDateTime(${param('Int64', Math.floor(ms / 1000))})`;

/**
 * The SLI records in ClickHouse (migration 008, docs/slo.md): additive rows of good and valid
 * events per SLO, revision, label group and minute, summed into hours by a materialized view.
 * Reads are always sums (parts are folded lazily). Scoped to a project; every value a parameter;
 * throws on failure. Inserts go through the store's writer (the `write` lane); reads run on the
 * caller's lane.
 */
export class SliRecordRepository {
  constructor(private readonly store: TelemetryStore) {}

  private table(name: 'slo_sli_minutes' | 'slo_sli_hours'): SqlFragment {
    return qualifiedTable(this.store.database, name);
  }

  private async rows<T extends unknown[]>(fragment: SqlFragment): Promise<T[]> {
    const result = await this.store.client.query({ ...compile(fragment), format: 'JSONCompactEachRow' });
    return (await result.json()) as T[];
  }

  /**
   * `slo_id` one of the refs, with that ref's revision. The revision is looked up with
   * `transform` (a hash table over the constant arrays), not `arr[indexOf(ids, slo_id)]`, which
   * scans the ids for every row read: 500 comparisons a row for the list of 500 SLOs.
   */
  private refCondition(projectId: string, refs: readonly SliRef[]): SqlFragment {
    const ids = refs.map((ref) => ref.sloId);
    return sql`project_id = ${param('UUID', projectId)} AND slo_id IN ${param('Array(UUID)', ids)}
      AND revision = transform(toString(slo_id), ${param('Array(String)', ids)}, ${param('Array(UInt32)', refs.map((ref) => ref.revision))}, toUInt32(0))`;
  }

  /** Appends rows (of any projects); resolves once stored. */
  async insert(projectId: string, records: readonly MinuteRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.store.writer.insert(
      'slo_sli_minutes',
      COLUMNS,
      records.map((r) => [projectId, r.sloId, String(r.revision), r.groupKey, r.minute, r.good, r.valid]),
    );
  }

  /** What is stored per SLO, group and minute in [from, to) (corrections folded in). */
  async minutes(projectId: string, refs: readonly SliRef[], from: number, to: number): Promise<MinuteRecord[]> {
    if (refs.length === 0 || to <= from) return [];
    const rows = await this.rows<[string, number, string, string, number, number]>(sql`
      SELECT toString(slo_id) AS slo, any(revision) AS rev, group_key, toString(toUnixTimestamp(minute) * 1000) AS at, sum(good) AS good_sum, sum(valid) AS valid_sum
      FROM ${this.table('slo_sli_minutes')}
      WHERE ${this.refCondition(projectId, refs)} AND minute >= ${seconds(from)} AND minute < ${seconds(to)}
      GROUP BY slo_id, group_key, minute`);
    return rows.map(([sloId, revision, groupKey, at, good, valid]) => ({ sloId, revision: Number(revision), groupKey, minute: Number(at), good, valid }));
  }

  /**
   * Totals per SLO and group over each SLO's own range [from, to): whole hours from the rollup, the
   * edges from minutes. One query for all of them (SLOs of the same range share its parts' reads):
   * each SLO is read over one range only, so summing by SLO never mixes ranges.
   */
  async totals(projectId: string, items: readonly (SliRef & { from: number; to: number })[]): Promise<GroupTotals> {
    const totals: GroupTotals = new Map();
    const selects = [...groupByRange(items, (item) => item.from, (item) => item.to)].flatMap(({ from, to, refs }) => this.partSelects(projectId, refs, splitRange(from, to)));
    if (selects.length === 0) return totals;
    const rows = await this.rows<[string, string, number, number]>(sql`
      SELECT slo, group_key, sum(good) AS good_sum, sum(valid) AS valid_sum
      FROM (${join(selects, sql` UNION ALL `)})
      GROUP BY slo, group_key`);
    for (const [sloId, groupKey, good, valid] of rows) addTo(totals, sloId, groupKey, { good, valid });
    return totals;
  }

  /** Selects of (slo, group_key, `columns`) over the parts: whole hours from the rollup, edges from minutes. */
  private partSelects(projectId: string, refs: readonly SliRef[], parts: RangeParts, columns: SqlFragment = sql`group_key, good, valid`): SqlFragment[] {
    const condition = this.refCondition(projectId, refs);
    const selects: SqlFragment[] = [];
    if (parts.hours) {
      selects.push(sql`SELECT toString(slo_id) AS slo, ${columns} FROM ${this.table('slo_sli_hours')}
        WHERE ${condition} AND hour >= ${seconds(parts.hours.from)} AND hour < ${seconds(parts.hours.to)}`);
    }
    for (const part of parts.minutes) {
      selects.push(sql`SELECT toString(slo_id) AS slo, ${columns} FROM ${this.table('slo_sli_minutes')}
        WHERE ${condition} AND minute >= ${seconds(part.from)} AND minute < ${seconds(part.to)}`);
    }
    return selects;
  }

  /**
   * The SLO list's figures in one query: per SLO (groups summed), the events over its own range
   * [from, to) and over [recentFrom, to) (the hour the list's burn rate reads). SLOs of the same
   * range share its selects, as in `totals`; each SLO is read over one range and one recent range,
   * so summing by SLO never mixes ranges.
   */
  async summaryTotals(projectId: string, items: readonly (SliRef & { from: number; to: number; recentFrom: number })[]): Promise<Map<string, { window: EventCounts; recent: EventCounts }>> {
    const result = new Map<string, { window: EventCounts; recent: EventCounts }>();
    const windowSelects = [...groupByRange(items, (item) => item.from, (item) => item.to)].flatMap(({ from, to, refs }) =>
      this.partSelects(projectId, refs, splitRange(from, to), sql`good AS window_good, valid AS window_valid, toFloat64(0) AS recent_good, toFloat64(0) AS recent_valid`),
    );
    // Aliases other than the columns' own names: an alias `good` would shadow the column in the same select.
    const recentSelects = [...groupByRange(items, (item) => item.recentFrom, (item) => item.to)].flatMap(({ from, to, refs }) =>
      this.partSelects(projectId, refs, splitRange(from, to), sql`toFloat64(0) AS window_good, toFloat64(0) AS window_valid, good AS recent_good, valid AS recent_valid`),
    );
    const selects = [...windowSelects, ...recentSelects];
    if (selects.length === 0) return result;
    const rows = await this.rows<[string, number, number, number, number]>(sql`
      SELECT slo, sum(window_good) AS window_good_sum, sum(window_valid) AS window_valid_sum, sum(recent_good) AS recent_good_sum, sum(recent_valid) AS recent_valid_sum
      FROM (${join(selects, sql` UNION ALL `)})
      GROUP BY slo`);
    for (const [sloId, good, valid, recentGood, recentValid] of rows) result.set(sloId, { window: { good, valid }, recent: { good: recentGood, valid: recentValid } });
    return result;
  }

  /**
   * Totals per SLO, group and window for windows all ending at `to` (the burn-rate windows):
   * one read of the minutes (the windows' partial-hour edges) and one of the hours, each summing
   * every window at once with sumIf. Result: per SLO, per group, counts in the order of `windowsMs`.
   */
  async windowTotals(projectId: string, refs: readonly SliRef[], to: number, windowsMs: readonly number[]): Promise<Map<string, Map<string, EventCounts[]>>> {
    const result = new Map<string, Map<string, EventCounts[]>>();
    if (refs.length === 0 || windowsMs.length === 0) return result;
    const parts = windowsMs.map((ms) => splitRange(to - ms, to));
    const condition = this.refCondition(projectId, refs);
    const within = (column: string, ranges: readonly { from: number; to: number }[]): SqlFragment =>
      ranges.length === 0 ? sql`0` : join(ranges.map((range) => sql`(${columnRef(column)} >= ${seconds(range.from)} AND ${columnRef(column)} < ${seconds(range.to)})`), sql` OR `);
    const sums = (column: string, rangesOf: (part: RangeParts) => { from: number; to: number }[]): SqlFragment =>
      join(
        parts.map((part) => sql`sumIf(good, ${within(column, rangesOf(part))}), sumIf(valid, ${within(column, rangesOf(part))})`),
        sql`, `,
      );
    const minuteRanges = parts.flatMap((part) => part.minutes);
    const hourRanges = parts.flatMap((part) => (part.hours ? [part.hours] : []));
    const reads: SqlFragment[] = [];
    if (minuteRanges.length > 0) {
      reads.push(sql`SELECT toString(slo_id) AS slo, group_key, ${sums('minute', (part) => part.minutes)} FROM ${this.table('slo_sli_minutes')}
        WHERE ${condition} AND (${within('minute', minuteRanges)}) GROUP BY slo_id, group_key`);
    }
    if (hourRanges.length > 0) {
      reads.push(sql`SELECT toString(slo_id) AS slo, group_key, ${sums('hour', (part) => (part.hours ? [part.hours] : []))} FROM ${this.table('slo_sli_hours')}
        WHERE ${condition} AND (${within('hour', hourRanges)}) GROUP BY slo_id, group_key`);
    }
    for (const read of reads) {
      for (const row of await this.rows<[string, string, ...number[]]>(read)) {
        const [sloId, groupKey, ...values] = row;
        const groups = result.get(sloId) ?? new Map<string, EventCounts[]>();
        result.set(sloId, groups);
        const counts = groups.get(groupKey) ?? windowsMs.map(() => ({ good: 0, valid: 0 }));
        groups.set(groupKey, counts);
        counts.forEach((count, index) => {
          count.good += values[2 * index] ?? 0;
          count.valid += values[2 * index + 1] ?? 0;
        });
      }
    }
    return result;
  }

  /**
   * One SLO's good and valid events per step over [from, to), all groups together: steps are
   * multiples of `step` (whole hours) since the epoch, the first counting only from `from`.
   */
  async steps(projectId: string, ref: SliRef, from: number, to: number, step: number): Promise<{ t: number; good: number; valid: number }[]> {
    const parts = splitRange(from, to);
    const condition = this.refCondition(projectId, [ref]);
    const selects: SqlFragment[] = [];
    if (parts.hours) {
      selects.push(sql`SELECT toUnixTimestamp(hour) AS at, good, valid FROM ${this.table('slo_sli_hours')}
        WHERE ${condition} AND hour >= ${seconds(parts.hours.from)} AND hour < ${seconds(parts.hours.to)}`);
    }
    for (const part of parts.minutes) {
      selects.push(sql`SELECT toUnixTimestamp(minute) AS at, good, valid FROM ${this.table('slo_sli_minutes')}
        WHERE ${condition} AND minute >= ${seconds(part.from)} AND minute < ${seconds(part.to)}`);
    }
    if (selects.length === 0) return [];
    const stepSeconds = param('Int64', Math.round(step / 1000));
    const rows = await this.rows<[string, number, number]>(sql`
      SELECT toString(intDiv(at, ${stepSeconds}) * ${stepSeconds} * 1000) AS t, sum(good) AS good_sum, sum(valid) AS valid_sum
      FROM (${join(selects, sql` UNION ALL `)})
      GROUP BY t ORDER BY toInt64(t)`);
    return rows.map(([t, good, valid]) => ({ t: Number(t), good, valid }));
  }
}

/** Refs by the range they are read over (SLOs of one range share its selects). */
function groupByRange<T extends SliRef>(items: readonly T[], fromOf: (item: T) => number, toOf: (item: T) => number): Iterable<{ from: number; to: number; refs: SliRef[] }> {
  const byRange = new Map<string, { from: number; to: number; refs: SliRef[] }>();
  for (const item of items) {
    const from = fromOf(item);
    const to = toOf(item);
    const key = `${from}:${to}`;
    const entry = byRange.get(key) ?? { from, to, refs: [] };
    entry.refs.push({ sloId: item.sloId, revision: item.revision });
    byRange.set(key, entry);
  }
  return byRange.values();
}

/** A column name in SQL text: only the two fixed names used above, never input. */
function columnRef(column: string): SqlFragment {
  if (column === 'minute') return sql`minute`;
  if (column === 'hour') return sql`hour`;
  throw new Error(`unknown column ${column}`);
}

function addTo(totals: GroupTotals, sloId: string, groupKey: string, counts: EventCounts): void {
  const groups = totals.get(sloId) ?? new Map<string, EventCounts>();
  totals.set(sloId, groups);
  const current = groups.get(groupKey) ?? { good: 0, valid: 0 };
  groups.set(groupKey, { good: current.good + counts.good, valid: current.valid + counts.valid });
}

/** Sums a per-group map into one figure (an SLO with `groupBy` has one budget per group, and one over all). */
export function sumGroups(groups: ReadonlyMap<string, EventCounts> | undefined): EventCounts {
  let good = 0;
  let valid = 0;
  for (const counts of groups?.values() ?? []) {
    good += counts.good;
    valid += counts.valid;
  }
  return { good, valid };
}

/** The JSON of a group's labels, keys sorted ('{}' without grouping): stored as group_key. */
export function groupKeyOf(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

export function labelsOfGroupKey(groupKey: string): Record<string, string> {
  return JSON.parse(groupKey) as Record<string, string>;
}
