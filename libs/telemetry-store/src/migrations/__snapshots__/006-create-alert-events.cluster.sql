CREATE TABLE IF NOT EXISTS `vigil`.`alert_events_local` ON CLUSTER `vigil_cluster`
(
    project_id UUID,
    rule_id UUID,
    instance_id String,
    time DateTime64(3) CODEC(Delta, ZSTD(1)),
    labels Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    from_state LowCardinality(String),
    to_state LowCardinality(String),
    severity LowCardinality(String),
    value Nullable(Float64),
    evidence String CODEC(ZSTD(3)),
    rule_name String CODEC(ZSTD(1)),
    INDEX idx_rule_id rule_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMM(time)
ORDER BY (project_id, time)
TTL toDateTime(time) + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `vigil`.`alert_events` ON CLUSTER `vigil_cluster` AS `vigil`.`alert_events_local`
ENGINE = Distributed(`vigil_cluster`, `vigil`, `alert_events_local`, cityHash64(project_id));
