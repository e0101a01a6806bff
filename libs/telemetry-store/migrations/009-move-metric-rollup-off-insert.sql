-- The hourly rollup leaves the insert path: no materialized view any more; the worker builds
-- each hour once it has closed (src/rollup/metric-rollup.ts), and queries read the rollup for
-- the hours before the watermark and raw samples after it. Placeholders are filled by
-- renderMigration (see README.md).
--
-- Why: the view ran inside every insert into metric_samples; measured on chDB (2 cores), it cut
-- the engine's own insert rate for these rows from ~1.2 M to ~424 k rows/s (docs/benchmarks.md).
--
-- metric_rollup_watermark: one row (id 1); every hour before `hour` is rolled up, except the
-- (project, hour) pairs listed in metric_rollup_stale. ReplacingMergeTree keeps the newest; reads
-- take argMax(hour, updated_at) and never need FINAL.
-- metric_rollup_stale: hours that samples reached after they could have been rolled up (written
-- by the ingest writer after the samples themselves, so a listed hour's samples are stored).
-- Queries read such hours raw until the worker has rebuilt them; a rebuild deletes the hour's
-- rollup rows, inserts them again from the samples, then deletes the marks it has seen, so an
-- interrupted rebuild re-runs without counting an hour twice. noted_at comes from the server's
-- clock, like the rebuild's cut-off, so replicas' clocks do not matter.
-- Both tables are tiny and read by every node: one replica set over all nodes on a cluster.
DROP VIEW IF EXISTS {{TABLE:metric_rollup_hourly_mv}} {{ON_CLUSTER}};

CREATE TABLE IF NOT EXISTS {{DATABASE}}.metric_rollup_watermark {{ON_CLUSTER}}
(
    id UInt8,
    hour DateTime,
    updated_at DateTime64(3)
)
ENGINE = {{ENGINE_ALL_SHARDS:ReplacingMergeTree(updated_at)}}
ORDER BY id;

CREATE TABLE IF NOT EXISTS {{DATABASE}}.metric_rollup_stale {{ON_CLUSTER}}
(
    project_id UUID,
    hour DateTime,
    noted_at DateTime64(3) DEFAULT now64(3)
)
ENGINE = {{ENGINE_ALL_SHARDS:MergeTree}}
ORDER BY (hour, project_id);

-- Until now the view kept every hour rolled up, including the current one as far as it went:
-- the watermark starts at the current hour, whose view-made rows the worker replaces when it
-- closes that hour (it deletes rollup rows at or after the watermark first). Only when no
-- watermark exists yet, so a re-run keeps the one recorded.
INSERT INTO {{DATABASE}}.metric_rollup_watermark (id, hour, updated_at)
SELECT 1, toStartOfHour(now()), now64(3)
WHERE (SELECT count() FROM {{DATABASE}}.metric_rollup_watermark) = 0;
