import type { StepsPlan } from '@vigil/metrics-query';
import { param, sql, type SqlFragment } from '../sql-template';

/**
 * fn=rate/increase over raw samples with windows separate from the step (rate-window.ts in
 * `@vigil/metrics-query` is the reference, and docs/query.md "Rates" the contract): per series
 * and step, Prometheus' extrapolated increase over the window (stepEnd − window, min(stepEnd, to)].
 *
 * How, in one pass over the samples in key order:
 * 1. each sample's reset correction (the value before a drop) from its predecessor (lagInFrame);
 * 2. per series and bucket (t, t + step] — the window's unit — first/last sample, count and
 *    summed corrections; a sample stored twice (a remote_write batch Prometheus retried) counts
 *    once, as in Prometheus' own storage, so it cannot change the extrapolation;
 * 3. per series, those as dense arrays over every bucket (groupArrayInsertAt), with prefix sums
 *    and "next/previous non-empty bucket" fills (arrayCumSum, arrayReverseFill, arrayFill), so any
 *    window of whole buckets is a few array lookups: O(buckets) per series whatever the window,
 *    and a value at every step even when the step is shorter than the sample interval;
 * 4. per step, the window's extrapolation (extrapolate() in rate-window.ts) and its rate.
 * Window functions over bucket rows could not give values at the empty buckets between samples.
 */

export interface WindowedRateInput {
  key: SqlFragment;
  samples: SqlFragment;
  plan: StepsPlan;
  temporality: 'cumulative' | 'delta';
}

/** Positions of the dense bucket arrays: the lookback buckets, then one per step. */
export function windowedBuckets(plan: StepsPlan): number {
  return plan.steps + plan.maxWindowSteps - 1;
}

export function windowedRateSql({ key, samples, plan, temporality }: WindowedRateInput): SqlFragment {
  const step = param('Int64', plan.step);
  const lowest = param('Int64', plan.lookbackStart);
  const positions = param('UInt64', windowedBuckets(plan));
  const lookback = param('Int64', plan.maxWindowSteps - 1);
  const msTime = (ms: number): SqlFragment => sql`fromUnixTimestamp64Milli(${param('Int64', ms)})`;

  const rows =
    temporality === 'cumulative'
      ? sql`
          SELECT fingerprint, toUnixTimestamp64Milli(timestamp) AS ts, value,
                 if(value < prev, prev, 0) AS corr
          FROM (
            SELECT fingerprint, timestamp, value,
                   lagInFrame(value, 1, value) OVER (PARTITION BY fingerprint ORDER BY timestamp ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev
            FROM ${samples}
            WHERE ${key} AND timestamp > ${msTime(plan.lookbackStart)} AND timestamp <= ${msTime(plan.to)} AND NOT isNaN(value)
          )`
      : // A point sent twice (a retried export) is one increase, not two.
        sql`
          SELECT fingerprint, ts, any(point) AS value, toFloat64(0) AS corr
          FROM (
            SELECT fingerprint, toUnixTimestamp64Milli(timestamp) AS ts, value AS point
            FROM ${samples}
            WHERE ${key} AND timestamp > ${msTime(plan.lookbackStart)} AND timestamp <= ${msTime(plan.to)} AND NOT isNaN(value)
          )
          GROUP BY fingerprint, ts`;

  const buckets = sql`
      SELECT fingerprint, toUInt32(intDiv(ts - ${lowest} - 1, ${step})) AS p, toUInt64(uniqExact(ts)) AS c, min(ts) AS ft, argMin(value, ts) AS fv,
             argMin(corr, ts) AS fc, max(ts) AS lt, argMax(value, ts) AS lv, sum(corr) AS sc, sum(value) AS sv
      FROM (${rows})
      GROUP BY fingerprint, p`;

  const windowSteps =
    plan.windowSteps !== undefined
      ? sql`toInt64(${param('Int64', plan.windowSteps)})`
      : sql`least(${param('Int64', plan.maxWindowSteps)}, greatest(toInt64(1), toInt64(ceil(greatest(toFloat64(${step}), 4 * (last_t - first_t) / greatest(total - 1, 1)) / ${step}))))`;

  // Per step k the window is buckets [k + L + 1 − n, k + L] (0-based, L = lookback buckets).
  // Each array is cut into per-step vectors by arraySlice (the window's last bucket, its first,
  // and the prefix before it): a lambda that indexed the whole arrays would copy them into
  // every element (ClickHouse replicates captured columns), which is quadratic in the steps.
  const steps = param('Int64', plan.steps);
  const last = (array: SqlFragment): SqlFragment => sql`arraySlice(${array}, ${lookback} + 1, ${steps})`;
  const first = (array: SqlFragment): SqlFragment => sql`arraySlice(${array}, ${lookback} + 2 - n, ${steps})`;
  const before = (array: SqlFragment): SqlFragment => sql`arraySlice(arrayPushFront(${array}, 0), ${lookback} + 2 - n, ${steps})`;
  const series = sql`
      SELECT fingerprint, n,
             ${last(sql`cc`)} AS c_last, ${before(sql`cc`)} AS c_before,
             ${last(sql`csc`)} AS corr_last, ${before(sql`csc`)} AS corr_before, ${first(sql`nfc`)} AS corr_first,
             ${last(sql`csv`)} AS sum_last, ${before(sql`csv`)} AS sum_before,
             ${first(sql`nft`)} AS t_first, ${first(sql`nfv`)} AS v_first, ${last(sql`plt`)} AS t_last, ${last(sql`plv`)} AS v_last
      FROM (
        SELECT fingerprint, ${windowSteps} AS n,
               arrayCumSum(cs) AS cc, arrayCumSum(scs) AS csc, arrayCumSum(svs) AS csv,
               arrayReverseFill((x, c) -> c > 0, fts, cs) AS nft, arrayReverseFill((x, c) -> c > 0, fvs, cs) AS nfv,
               arrayReverseFill((x, c) -> c > 0, fcs, cs) AS nfc,
               arrayFill((x, c) -> c > 0, lts, cs) AS plt, arrayFill((x, c) -> c > 0, lvs, cs) AS plv
        FROM (
          SELECT fingerprint, sum(c) AS total, min(ft) AS first_t, max(lt) AS last_t,
                 groupArrayInsertAt(0, ${positions})(c, p) AS cs, groupArrayInsertAt(0, ${positions})(ft, p) AS fts,
                 groupArrayInsertAt(0, ${positions})(fv, p) AS fvs, groupArrayInsertAt(0, ${positions})(fc, p) AS fcs,
                 groupArrayInsertAt(0, ${positions})(lt, p) AS lts, groupArrayInsertAt(0, ${positions})(lv, p) AS lvs,
                 groupArrayInsertAt(0, ${positions})(sc, p) AS scs, groupArrayInsertAt(0, ${positions})(sv, p) AS svs
          FROM (${buckets})
          GROUP BY fingerprint
        )
      )`;

  const start = param('Int64', plan.start);
  const stepEnd = sql`(${start} + (k + 1) * ${step})`;
  const rangeEnd = sql`least(${stepEnd}, ${param('Int64', plan.to)})`;
  const rangeStart = sql`(${stepEnd} - n * ${step})`;
  const covered = sql`(${rangeEnd} - greatest(${start} + k * ${step}, ${param('Int64', plan.from)}))`;
  const perSecond = (increase: SqlFragment): SqlFragment =>
    plan.fn === 'rate' ? sql`${increase} / ((${rangeEnd} - ${rangeStart}) / 1000)` : sql`${increase} / ((${rangeEnd} - ${rangeStart}) / 1000) * (${covered} / 1000)`;
  const count = sql`(c_l - c_b)`;
  const value =
    temporality === 'delta'
      ? sql`if(${count} > 0 AND ${covered} > 0, ${perSecond(sql`(s_l - s_b)`)}, nan)`
      : sql`if(${count} >= 2 AND ${covered} > 0, ${perSecond(extrapolatedSql(sql`v_l - v_f + (r_l - r_b - r_f)`, sql`t_f`, sql`v_f`, sql`t_l`, count, rangeStart, rangeEnd))}, nan)`;

  return sql`
      SELECT fingerprint, toFloat64(${start} + k * ${step}) AS t, v
      FROM (
        SELECT fingerprint,
               arrayMap((k, c_l, c_b, r_l, r_b, r_f, s_l, s_b, t_f, v_f, t_l, v_l) -> ${value},
                        range(${steps}), c_last, c_before, corr_last, corr_before, corr_first, sum_last, sum_before, t_first, v_first, t_last, v_last) AS vs
        FROM (${series})
      )
      ARRAY JOIN vs AS v, range(length(vs)) AS k
      WHERE NOT isNaN(v)`;
}

/**
 * Prometheus' extrapolation of a window's increase (extrapolate() in rate-window.ts, the same
 * steps): NaN when the samples span no time.
 */
function extrapolatedSql(result: SqlFragment, firstT: SqlFragment, firstV: SqlFragment, lastT: SqlFragment, count: SqlFragment, rangeStart: SqlFragment, rangeEnd: SqlFragment): SqlFragment {
  const sampled = sql`((${lastT} - ${firstT}) / 1000)`;
  const average = sql`(${sampled} / (${count} - 1))`;
  const toStartRaw = sql`((${firstT} - ${rangeStart}) / 1000)`;
  const toStart = sql`if(${toStartRaw} >= ${average} * 1.1, ${average} / 2, ${toStartRaw})`;
  const toZero = sql`if(${result} > 0 AND ${firstV} >= 0, ${sampled} * (${firstV} / (${result})), ${toStart})`;
  const toEndRaw = sql`((${rangeEnd} - ${lastT}) / 1000)`;
  const toEnd = sql`if(${toEndRaw} >= ${average} * 1.1, ${average} / 2, ${toEndRaw})`;
  return sql`if(${sampled} > 0, (${result}) * ((${sampled} + least(${toStart}, ${toZero}) + ${toEnd}) / ${sampled}), nan)`;
}
