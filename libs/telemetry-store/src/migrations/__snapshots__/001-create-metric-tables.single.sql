CREATE TABLE IF NOT EXISTS `vigil`.`metric_series`
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    labels SimpleAggregateFunction(any, Map(String, String)),
    first_seen SimpleAggregateFunction(min, DateTime),
    last_seen SimpleAggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree()
ORDER BY (project_id, metric_name, fingerprint)
TTL last_seen + INTERVAL 400 DAY;

CREATE TABLE IF NOT EXISTS `vigil`.`metric_samples`
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    timestamp DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
    value Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = MergeTree()
PARTITION BY toDate(timestamp)
ORDER BY (project_id, metric_name, fingerprint, timestamp)
TTL toDateTime(timestamp) + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1;
