DROP VIEW IF EXISTS `vigil`.`metric_rollup_hourly_mv_local` ON CLUSTER `vigil_cluster`;

CREATE TABLE IF NOT EXISTS `vigil`.metric_rollup_watermark ON CLUSTER `vigil_cluster`
(
    id UInt8,
    hour DateTime,
    updated_at DateTime64(3)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}', updated_at)
ORDER BY id;

CREATE TABLE IF NOT EXISTS `vigil`.metric_rollup_stale ON CLUSTER `vigil_cluster`
(
    project_id UUID,
    hour DateTime,
    noted_at DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}')
ORDER BY (hour, project_id);

INSERT INTO `vigil`.metric_rollup_watermark (id, hour, updated_at)
SELECT 1, toStartOfHour(now()), now64(3)
WHERE (SELECT count() FROM `vigil`.metric_rollup_watermark) = 0;
