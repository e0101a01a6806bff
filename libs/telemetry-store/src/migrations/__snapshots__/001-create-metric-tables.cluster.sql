CREATE TABLE IF NOT EXISTS `vigil`.`metric_series_local` ON CLUSTER `vigil_cluster`
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    labels SimpleAggregateFunction(any, Map(String, String)),
    first_seen SimpleAggregateFunction(min, DateTime),
    last_seen SimpleAggregateFunction(max, DateTime)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (project_id, metric_name, fingerprint)
TTL last_seen + INTERVAL 400 DAY;

CREATE TABLE IF NOT EXISTS `vigil`.`metric_samples_local` ON CLUSTER `vigil_cluster`
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    timestamp DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
    value Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(timestamp)
ORDER BY (project_id, metric_name, fingerprint, timestamp)
TTL toDateTime(timestamp) + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `vigil`.`metric_series` ON CLUSTER `vigil_cluster` AS `vigil`.`metric_series_local`
ENGINE = Distributed(`vigil_cluster`, `vigil`, `metric_series_local`, fingerprint);

CREATE TABLE IF NOT EXISTS `vigil`.`metric_samples` ON CLUSTER `vigil_cluster` AS `vigil`.`metric_samples_local`
ENGINE = Distributed(`vigil_cluster`, `vigil`, `metric_samples_local`, fingerprint);
