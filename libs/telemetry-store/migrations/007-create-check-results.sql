-- Uptime check results (docs/checks.md): one row per probe run per region (or push ping), and a
-- daily rollup kept 400 days whatever the project's telemetry retention, for uptime reports and
-- the 90-day bars. Placeholders are filled by renderMigration (see README.md).
--
-- check_results: ORDER BY (project_id, check_id, time): the reads are one check's results over a
-- range (its page, its chart), newest first. Rows carry their project's retention (as logs do),
-- and PARTITION BY (day, retention_days) lets TTL drop whole parts.
-- status is an Enum8 (1 byte; compared as text in SQL); status_code 0 means no HTTP answer;
-- latency_ms is NULL when nothing was measured (a DNS failure, a missed push).
CREATE TABLE IF NOT EXISTS {{TABLE:check_results}} {{ON_CLUSTER}}
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
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY (toDate(time, 'UTC'), retention_days)
ORDER BY (project_id, check_id, time)
TTL toDateTime(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

-- On a cluster a check's results (and its rollup, below) stay on one shard.
{{DISTRIBUTED:check_results:cityHash64(check_id)}};

-- check_results_daily: per check, region and UTC day — counts by status, latency sum/count/max
-- and a t-digest of latencies (p50/p95/p99 over any run of days, approximate). Read with
-- sum()/max()/quantilesTDigestMerge() and GROUP BY, never FINAL. ORDER BY ends with the day, so a
-- page of checks over 90 days reads ~90 rows per check and region; 1,024-row granules keep that
-- close to the rows asked for. TTL 400 days on monthly parts: a day is kept 400–431 days, so last
-- year's same month is always there. Fed by the view below, inside every insert.
CREATE TABLE IF NOT EXISTS {{TABLE:check_results_daily}} {{ON_CLUSTER}}
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
ENGINE = {{ENGINE:AggregatingMergeTree}}
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, check_id, region, day)
TTL day + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1, index_granularity = 1024;

{{DISTRIBUTED:check_results_daily:cityHash64(check_id)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{TABLE:check_results_daily_mv}} {{ON_CLUSTER}} TO {{TABLE:check_results_daily}}
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
FROM {{TABLE:check_results}}
GROUP BY project_id, check_id, region, day;
