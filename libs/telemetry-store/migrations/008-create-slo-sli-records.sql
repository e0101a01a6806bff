-- SLI records (docs/slo.md, Recording): per SLO, SLI revision, label group and minute, the good
-- and valid events the worker counted from the telemetry; and an hourly rollup of them kept at
-- least 400 days, whatever the telemetry's own retention, so quarter-long windows and a year of
-- burn-down never rescan raw samples.
-- Placeholders are filled by renderMigration (see README.md).
--
-- Rows are additive: the worker writes the difference between what it counted and what is
-- stored (a first recording writes the counts; late data or a retried tick writes corrections,
-- possibly negative), so every read is a sum() GROUP BY, never FINAL, and the hourly view sums
-- the same differences. SummingMergeTree folds rows of one key as parts merge and drops those
-- that sum to zero.
-- group_key is the JSON of the SLO's group-by labels ('{}' without grouping); revision changes
-- when an SLO's SLI changes, so records of the old SLI are simply no longer read (and expire).
-- ORDER BY: the reads are one project's SLOs (or one SLO) over a time range.
-- Minutes are kept 100 days: a calendar quarter's partial-hour edges (zones with half-hour
-- offsets) and late-data corrections reach back that far; whole hours come from the rollup.
CREATE TABLE IF NOT EXISTS {{TABLE:slo_sli_minutes}} {{ON_CLUSTER}}
(
    project_id UUID,
    slo_id UUID,
    revision UInt32,
    group_key String CODEC(ZSTD(1)),
    minute DateTime CODEC(DoubleDelta, ZSTD(1)),
    good Float64 CODEC(Gorilla, ZSTD(1)),
    valid Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = {{ENGINE:SummingMergeTree((good, valid))}}
PARTITION BY toYYYYMM(minute)
ORDER BY (project_id, slo_id, revision, group_key, minute)
TTL minute + INTERVAL 100 DAY;

{{DISTRIBUTED:slo_sli_minutes:cityHash64(project_id)}};

-- Monthly parts dropped whole once every row is past 400 days: an hour is kept 400 days to 400
-- days + a month, so a year of burn-down (and the same quarter a year ago) is always there.
CREATE TABLE IF NOT EXISTS {{TABLE:slo_sli_hours}} {{ON_CLUSTER}}
(
    project_id UUID,
    slo_id UUID,
    revision UInt32,
    group_key String CODEC(ZSTD(1)),
    hour DateTime CODEC(DoubleDelta, ZSTD(1)),
    good Float64 CODEC(Gorilla, ZSTD(1)),
    valid Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = {{ENGINE:SummingMergeTree((good, valid))}}
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, slo_id, revision, group_key, hour)
TTL hour + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1;

{{DISTRIBUTED:slo_sli_hours:cityHash64(project_id)}};

-- Aliases differ from the column names (README, SQL: ClickHouse would read an alias inside the
-- aggregate); the outer SELECT names the columns. On a cluster the view reads the local table an
-- insert lands in, and both tables are sharded by project, so a project's hours stay with it.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{TABLE:slo_sli_hours_mv}} {{ON_CLUSTER}} TO {{TABLE:slo_sli_hours}}
AS SELECT project_id, slo_id, revision, group_key, bucket AS hour, good_sum AS good, valid_sum AS valid
FROM
(
    SELECT project_id, slo_id, revision, group_key, toStartOfHour(minute) AS bucket, sum(good) AS good_sum, sum(valid) AS valid_sum
    FROM {{TABLE:slo_sli_minutes}}
    GROUP BY project_id, slo_id, revision, group_key, bucket
);
