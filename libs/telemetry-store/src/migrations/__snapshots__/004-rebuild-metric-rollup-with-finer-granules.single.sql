CREATE TABLE IF NOT EXISTS `vigil`.`metric_rollup_hourly`
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
ENGINE = AggregatingMergeTree()
PARTITION BY toStartOfMonth(bucket)
ORDER BY (project_id, metric_name, fingerprint, bucket)
TTL bucket + toIntervalDay(retention_days * 4)
SETTINGS index_granularity = 512;

DROP VIEW IF EXISTS `vigil`.`metric_rollup_1h_mv`;

TRUNCATE TABLE IF EXISTS `vigil`.`metric_rollup_hourly`;

INSERT INTO `vigil`.metric_rollup_hourly
    (project_id, metric_name, fingerprint, bucket, min_value, max_value, sum_value, sample_count, first_value, last_value, increase, retention_days)
SELECT project_id, metric_name, fingerprint, bucket, min_value, max_value, sum_value, sample_count, first_value, last_value, increase, retention_days
FROM `vigil`.metric_rollup_1h;

CREATE MATERIALIZED VIEW IF NOT EXISTS `vigil`.`metric_rollup_hourly_mv` TO `vigil`.`metric_rollup_hourly`
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
    FROM `vigil`.`metric_samples`
    WHERE NOT isNaN(value)
    GROUP BY project_id, metric_name, fingerprint, hour
);
