CREATE TABLE IF NOT EXISTS `vigil`.`logs`
(
    project_id UUID,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    observed_timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    severity_number UInt8,
    severity_text LowCardinality(String),
    service LowCardinality(String),
    body String CODEC(ZSTD(1)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    resource Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    trace_id String CODEC(ZSTD(1)),
    span_id String CODEC(ZSTD(1)),
    retention_days UInt16,
    INDEX idx_body body TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(body)) GRANULARITY 1,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_service service TYPE set(256) GRANULARITY 4,
    INDEX idx_severity severity_number TYPE minmax GRANULARITY 4
)
ENGINE = MergeTree()
PARTITION BY (toDate(timestamp), retention_days)
ORDER BY (project_id, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `vigil`.`metric_metadata`
(
    project_id UUID,
    metric_name LowCardinality(String),
    type LowCardinality(String),
    unit LowCardinality(String),
    help String,
    temporality LowCardinality(String),
    last_seen DateTime
)
ENGINE = ReplacingMergeTree(last_seen)
ORDER BY (project_id, metric_name)
TTL last_seen + INTERVAL 400 DAY;

ALTER TABLE `vigil`.`metric_samples` ADD COLUMN IF NOT EXISTS retention_days UInt16 DEFAULT 400;

ALTER TABLE `vigil`.`metric_samples` MODIFY SETTING ttl_only_drop_parts = 0;

ALTER TABLE `vigil`.`metric_samples` MODIFY TTL toDateTime(timestamp) + toIntervalDay(retention_days);

CREATE TABLE IF NOT EXISTS `vigil`.`metric_samples_1m`
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    bucket DateTime CODEC(DoubleDelta, ZSTD(1)),
    min_value SimpleAggregateFunction(min, Float64),
    max_value SimpleAggregateFunction(max, Float64),
    sum_value SimpleAggregateFunction(sum, Float64),
    sample_count SimpleAggregateFunction(sum, UInt64),
    last_value AggregateFunction(argMax, Float64, DateTime64(3)),
    retention_days SimpleAggregateFunction(max, UInt16)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toDate(bucket)
ORDER BY (project_id, metric_name, fingerprint, bucket)
TTL bucket + toIntervalDay(retention_days * 2);

CREATE TABLE IF NOT EXISTS `vigil`.`metric_samples_1h`
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    bucket DateTime CODEC(DoubleDelta, ZSTD(1)),
    min_value SimpleAggregateFunction(min, Float64),
    max_value SimpleAggregateFunction(max, Float64),
    sum_value SimpleAggregateFunction(sum, Float64),
    sample_count SimpleAggregateFunction(sum, UInt64),
    last_value AggregateFunction(argMax, Float64, DateTime64(3)),
    retention_days SimpleAggregateFunction(max, UInt16)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toStartOfMonth(bucket)
ORDER BY (project_id, metric_name, fingerprint, bucket)
TTL bucket + toIntervalDay(retention_days * 4);

CREATE MATERIALIZED VIEW IF NOT EXISTS `vigil`.`metric_samples_1m_mv` TO `vigil`.`metric_samples_1m`
AS SELECT project_id, metric_name, fingerprint, minute AS bucket, lo AS min_value, hi AS max_value, total AS sum_value,
    samples AS sample_count, last AS last_value, retention AS retention_days
FROM
(
    SELECT
        project_id,
        metric_name,
        fingerprint,
        toStartOfMinute(timestamp) AS minute,
        min(value) AS lo,
        max(value) AS hi,
        sum(value) AS total,
        count() AS samples,
        argMaxState(value, timestamp) AS last,
        max(retention_days) AS retention
    FROM `vigil`.`metric_samples`
    WHERE NOT isNaN(value)
    GROUP BY project_id, metric_name, fingerprint, minute
);

CREATE MATERIALIZED VIEW IF NOT EXISTS `vigil`.`metric_samples_1h_mv` TO `vigil`.`metric_samples_1h`
AS SELECT project_id, metric_name, fingerprint, hour AS bucket, lo AS min_value, hi AS max_value, total AS sum_value,
    samples AS sample_count, last AS last_value, retention AS retention_days
FROM
(
    SELECT
        project_id,
        metric_name,
        fingerprint,
        toStartOfHour(bucket) AS hour,
        min(min_value) AS lo,
        max(max_value) AS hi,
        sum(sum_value) AS total,
        sum(sample_count) AS samples,
        argMaxMergeState(last_value) AS last,
        max(retention_days) AS retention
    FROM `vigil`.`metric_samples_1m`
    GROUP BY project_id, metric_name, fingerprint, hour
);
