-- The hourly rollup again, with 512-row granules instead of 8,192, under a new name
-- (metric_rollup_hourly); 005 drops the old table. Placeholders are filled by renderMigration.
--
-- Why: a granule is the least ClickHouse reads, and for a table of aggregate states it also
-- deserialises the whole granule before filtering. The rollup holds ~720 rows per series and
-- month, so an 8,192-row granule spans ~11 series: a query for a few series of a metric (one
-- service's histogram buckets, a matcher) read ~11× the rows it needed. Measured on the
-- bench/query data set (90 of 450 bucket series, 7 days): 40 → 28 ms for the bucket query with
-- 256–512-row granules; whole-metric reads (a 30-day rate over every series) unchanged. The
-- primary index grows 16× (one mark per 512 rows: ~2 k marks for a million series-hours).
-- index_granularity cannot be altered on an existing table, hence a new one.
--
-- Safe to re-run: the old table is only read here (005 drops it once this file is recorded),
-- the copy starts with a TRUNCATE, and the old view is gone before the copy, so no row is
-- counted twice. Start-up runs migrations before ingest starts; on a cluster, rows inserted on
-- other nodes between dropping the old view and creating the new one miss the rollup (the raw
-- samples keep them): run this from one node first, as 003.

CREATE TABLE IF NOT EXISTS {{TABLE:metric_rollup_hourly}} {{ON_CLUSTER}}
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    bucket DateTime CODEC(DoubleDelta, ZSTD(1)),
    min_value SimpleAggregateFunction(min, Float64),
    max_value SimpleAggregateFunction(max, Float64),
    sum_value SimpleAggregateFunction(sum, Float64),
    sample_count SimpleAggregateFunction(sum, UInt64),
    first_value AggregateFunction(argMin, Float64, DateTime64(3)),
    last_value AggregateFunction(argMax, Float64, DateTime64(3)),
    increase AggregateFunction(deltaSumTimestamp, Float64, Int64),
    retention_days SimpleAggregateFunction(max, UInt16)
)
ENGINE = {{ENGINE:AggregatingMergeTree}}
PARTITION BY toStartOfMonth(bucket)
ORDER BY (project_id, metric_name, fingerprint, bucket)
TTL bucket + toIntervalDay(retention_days * 4)
SETTINGS index_granularity = 512;

{{DISTRIBUTED:metric_rollup_hourly:fingerprint}};

DROP VIEW IF EXISTS {{TABLE:metric_rollup_1h_mv}} {{ON_CLUSTER}};

-- The states are copied as they are (no merge needed: AggregatingMergeTree merges them later).
TRUNCATE TABLE IF EXISTS {{TABLE:metric_rollup_hourly}} {{ON_CLUSTER}};
INSERT INTO {{DATABASE}}.metric_rollup_hourly
    (project_id, metric_name, fingerprint, bucket, min_value, max_value, sum_value, sample_count, first_value, last_value, increase, retention_days)
SELECT project_id, metric_name, fingerprint, bucket, min_value, max_value, sum_value, sample_count, first_value, last_value, increase, retention_days
FROM {{DATABASE}}.metric_rollup_1h;

-- The same view as 003's, into the new table.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{TABLE:metric_rollup_hourly_mv}} {{ON_CLUSTER}} TO {{TABLE:metric_rollup_hourly}}
AS SELECT project_id, metric_name, fingerprint, hour AS bucket, lo AS min_value, hi AS max_value, total AS sum_value,
    samples AS sample_count, first AS first_value, last AS last_value, delta AS increase, retention AS retention_days
FROM
(
    SELECT
        project_id,
        metric_name,
        fingerprint,
        toStartOfHour(timestamp) AS hour,
        min(value) AS lo,
        max(value) AS hi,
        sum(value) AS total,
        count() AS samples,
        argMinState(value, timestamp) AS first,
        argMaxState(value, timestamp) AS last,
        deltaSumTimestampState(value, toUnixTimestamp64Milli(timestamp)) AS delta,
        max(retention_days) AS retention
    FROM {{TABLE:metric_samples}}
    WHERE NOT isNaN(value)
    GROUP BY project_id, metric_name, fingerprint, hour
);
