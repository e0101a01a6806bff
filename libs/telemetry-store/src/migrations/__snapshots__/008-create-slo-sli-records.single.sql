CREATE TABLE IF NOT EXISTS `vigil`.`slo_sli_minutes`
(
    project_id UUID,
    slo_id UUID,
    revision UInt32,
    group_key String CODEC(ZSTD(1)),
    minute DateTime CODEC(DoubleDelta, ZSTD(1)),
    good Float64 CODEC(Gorilla, ZSTD(1)),
    valid Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = SummingMergeTree((good, valid))
PARTITION BY toYYYYMM(minute)
ORDER BY (project_id, slo_id, revision, group_key, minute)
TTL minute + INTERVAL 100 DAY;

CREATE TABLE IF NOT EXISTS `vigil`.`slo_sli_hours`
(
    project_id UUID,
    slo_id UUID,
    revision UInt32,
    group_key String CODEC(ZSTD(1)),
    hour DateTime CODEC(DoubleDelta, ZSTD(1)),
    good Float64 CODEC(Gorilla, ZSTD(1)),
    valid Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = SummingMergeTree((good, valid))
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, slo_id, revision, group_key, hour)
TTL hour + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS `vigil`.`slo_sli_hours_mv` TO `vigil`.`slo_sli_hours`
AS SELECT project_id, slo_id, revision, group_key, bucket AS hour, good_sum AS good, valid_sum AS valid
FROM
(
    SELECT project_id, slo_id, revision, group_key, toStartOfHour(minute) AS bucket, sum(good) AS good_sum, sum(valid) AS valid_sum
    FROM `vigil`.`slo_sli_minutes`
    GROUP BY project_id, slo_id, revision, group_key, bucket
);
