-- Metric series and samples. Placeholders are filled by renderMigration (see README.md).
--
-- metric_series: one row per (project, metric, label set), identified by a fingerprint the
-- writer computes (series-fingerprint.ts). Every batch writes the series it touched, so
-- AggregatingMergeTree folds the duplicates into one row: first_seen keeps the minimum,
-- last_seen the maximum, labels any (equal for equal fingerprints). ReplacingMergeTree would
-- lose first_seen when it keeps only the newest row. Labels are an aggregate column because
-- ClickHouse 26 refuses plain columns outside the sorting key in this engine, and their keys
-- are plain String because `any` cannot return Map(LowCardinality(String), String); in this
-- small table that costs little, samples carry no labels.
CREATE TABLE IF NOT EXISTS {{TABLE:metric_series}} {{ON_CLUSTER}}
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    labels SimpleAggregateFunction(any, Map(String, String)),
    first_seen SimpleAggregateFunction(min, DateTime),
    last_seen SimpleAggregateFunction(max, DateTime)
)
ENGINE = {{ENGINE:AggregatingMergeTree}}
ORDER BY (project_id, metric_name, fingerprint)
TTL last_seen + INTERVAL 400 DAY;

-- metric_samples: the points. Ordered for "one metric of one project over a time range",
-- partitioned by day so retention drops whole parts. Counters, gauges and histogram buckets
-- (Prometheus `_bucket` series with an `le` label) all land here, so rates and bucket-exact
-- percentiles can be computed at query time; rollups come later as materialized views.
CREATE TABLE IF NOT EXISTS {{TABLE:metric_samples}} {{ON_CLUSTER}}
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    timestamp DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
    value Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toDate(timestamp)
ORDER BY (project_id, metric_name, fingerprint, timestamp)
TTL toDateTime(timestamp) + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1;

-- On a cluster, queries and inserts go through Distributed tables sharded by series, so one
-- series' points stay on one shard.
{{DISTRIBUTED:metric_series:fingerprint}};
{{DISTRIBUTED:metric_samples:fingerprint}};
