CREATE TABLE IF NOT EXISTS `vigil`.`slo_sli_minutes_local` ON CLUSTER `vigil_cluster`
(
    project_id UUID,
    slo_id UUID,
    revision UInt32,
    group_key String CODEC(ZSTD(1)),
    minute DateTime CODEC(DoubleDelta, ZSTD(1)),
    good Float64 CODEC(Gorilla, ZSTD(1)),
    valid Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', (good, valid))
PARTITION BY toYYYYMM(minute)
ORDER BY (project_id, slo_id, revision, group_key, minute)
TTL minute + INTERVAL 100 DAY;

CREATE TABLE IF NOT EXISTS `vigil`.`slo_sli_minutes` ON CLUSTER `vigil_cluster` AS `vigil`.`slo_sli_minutes_local`
ENGINE = Distributed(`vigil_cluster`, `vigil`, `slo_sli_minutes_local`, cityHash64(project_id));

CREATE TABLE IF NOT EXISTS `vigil`.`slo_sli_hours_local` ON CLUSTER `vigil_cluster`
(
    project_id UUID,
    slo_id UUID,
    revision UInt32,
    group_key String CODEC(ZSTD(1)),
    hour DateTime CODEC(DoubleDelta, ZSTD(1)),
    good Float64 CODEC(Gorilla, ZSTD(1)),
    valid Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', (good, valid))
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, slo_id, revision, group_key, hour)
TTL hour + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `vigil`.`slo_sli_hours` ON CLUSTER `vigil_cluster` AS `vigil`.`slo_sli_hours_local`
ENGINE = Distributed(`vigil_cluster`, `vigil`, `slo_sli_hours_local`, cityHash64(project_id));

CREATE MATERIALIZED VIEW IF NOT EXISTS `vigil`.`slo_sli_hours_mv_local` ON CLUSTER `vigil_cluster` TO `vigil`.`slo_sli_hours_local`
AS SELECT project_id, slo_id, revision, group_key, bucket AS hour, good_sum AS good, valid_sum AS valid
FROM
(
    SELECT project_id, slo_id, revision, group_key, toStartOfHour(minute) AS bucket, sum(good) AS good_sum, sum(valid) AS valid_sum
    FROM `vigil`.`slo_sli_minutes_local`
    GROUP BY project_id, slo_id, revision, group_key, bucket
);
