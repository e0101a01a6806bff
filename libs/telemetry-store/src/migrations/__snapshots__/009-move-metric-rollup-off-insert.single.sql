DROP VIEW IF EXISTS `vigil`.`metric_rollup_hourly_mv`;

CREATE TABLE IF NOT EXISTS `vigil`.metric_rollup_watermark
(
    id UInt8,
    hour DateTime,
    updated_at DateTime64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

CREATE TABLE IF NOT EXISTS `vigil`.metric_rollup_stale
(
    project_id UUID,
    hour DateTime,
    noted_at DateTime64(3) DEFAULT now64(3)
)
ENGINE = MergeTree()
ORDER BY (hour, project_id);

INSERT INTO `vigil`.metric_rollup_watermark (id, hour, updated_at)
SELECT 1, toStartOfHour(now()), now64(3)
WHERE (SELECT count() FROM `vigil`.metric_rollup_watermark) = 0;
