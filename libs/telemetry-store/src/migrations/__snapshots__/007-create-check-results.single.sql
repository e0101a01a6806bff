CREATE TABLE IF NOT EXISTS `vigil`.`check_results`
(
    project_id UUID,
    check_id UUID,
    region LowCardinality(String),
    time DateTime64(3) CODEC(Delta, ZSTD(1)),
    status Enum8('up' = 1, 'degraded' = 2, 'down' = 3),
    status_code UInt16,
    latency_ms Nullable(Float32) CODEC(ZSTD(1)),
    error String CODEC(ZSTD(3)),
    retention_days UInt16
)
ENGINE = MergeTree()
PARTITION BY (toDate(time, 'UTC'), retention_days)
ORDER BY (project_id, check_id, time)
TTL toDateTime(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `vigil`.`check_results_daily`
(
    project_id UUID,
    check_id UUID,
    region LowCardinality(String),
    day Date,
    total SimpleAggregateFunction(sum, UInt64),
    up SimpleAggregateFunction(sum, UInt64),
    degraded SimpleAggregateFunction(sum, UInt64),
    down SimpleAggregateFunction(sum, UInt64),
    latency_sum SimpleAggregateFunction(sum, Float64),
    latency_count SimpleAggregateFunction(sum, UInt64),
    latency_max SimpleAggregateFunction(max, Float32),
    latency_quantiles AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float32),
    first_time SimpleAggregateFunction(min, DateTime64(3)),
    last_time SimpleAggregateFunction(max, DateTime64(3))
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, check_id, region, day)
TTL day + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1, index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS `vigil`.`check_results_daily_mv` TO `vigil`.`check_results_daily`
AS SELECT
    project_id,
    check_id,
    region,
    toDate(time, 'UTC') AS day,
    count() AS total,
    countIf(status = 'up') AS up,
    countIf(status = 'degraded') AS degraded,
    countIf(status = 'down') AS down,
    sum(assumeNotNull(latency_ms)) AS latency_sum,
    count(latency_ms) AS latency_count,
    max(assumeNotNull(latency_ms)) AS latency_max,
    quantilesTDigestStateIf(0.5, 0.95, 0.99)(assumeNotNull(latency_ms), latency_ms IS NOT NULL) AS latency_quantiles,
    min(time) AS first_time,
    max(time) AS last_time
FROM `vigil`.`check_results`
GROUP BY project_id, check_id, region, day;
