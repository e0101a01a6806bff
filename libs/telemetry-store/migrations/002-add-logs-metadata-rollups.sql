-- Logs, metric metadata, 1-minute and 1-hour metric rollups, and per-project retention on
-- metric samples. Placeholders are filled by renderMigration (see README.md).
--
-- Retention is a value on every row (`retention_days`, the project's setting when the row was
-- written), so TTL needs no lookup: a project's new retention applies to rows written after the
-- change; rows already stored keep the retention they were written with.

-- logs: one row per log record.
-- ORDER BY (project_id, timestamp): the query that matters is "one project, a time range,
-- newest first, LIMIT n", optionally filtered by service or severity. With timestamp right after
-- project_id, ClickHouse reads the range in key order (optimize_read_in_order, backwards for
-- DESC) and stops after n rows. (project_id, service, timestamp) would serve "one service"
-- slightly better but make the unfiltered view merge every service's stream; service and
-- severity filters are served by skip indexes instead.
-- PARTITION BY (day, retention_days): every part then holds rows of one retention, so TTL drops
-- whole parts (ttl_only_drop_parts) instead of rewriting parts row by row; the number of
-- distinct retentions is small (the plans' values), so partitions stay few.
-- Text search: a `text` (inverted) index over the lower-cased body, tokenised on non-letters
-- (hasToken / hasAnyTokens / hasAllTokens / LIKE use it). ClickHouse 26.7 has it enabled by
-- default, in chDB too; tokenbf_v1 was the fallback and is not needed.
CREATE TABLE IF NOT EXISTS {{TABLE:logs}} {{ON_CLUSTER}}
(
    project_id UUID,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    observed_timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    severity_number UInt8,
    severity_text LowCardinality(String),
    service LowCardinality(String),
    body String CODEC(ZSTD(1)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    resource Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    trace_id String CODEC(ZSTD(1)),
    span_id String CODEC(ZSTD(1)),
    retention_days UInt16,
    INDEX idx_body body TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(body)) GRANULARITY 1,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_service service TYPE set(256) GRANULARITY 4,
    INDEX idx_severity severity_number TYPE minmax GRANULARITY 4
)
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY (toDate(timestamp), retention_days)
ORDER BY (project_id, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

-- metric_metadata: type, unit, help and temporality per metric family, as the senders declare
-- them. The writer sends a row when it first sees (or an hour after it last wrote) a family in
-- this process; ReplacingMergeTree keeps the newest, so a changed help text wins.
CREATE TABLE IF NOT EXISTS {{TABLE:metric_metadata}} {{ON_CLUSTER}}
(
    project_id UUID,
    metric_name LowCardinality(String),
    type LowCardinality(String),
    unit LowCardinality(String),
    help String,
    temporality LowCardinality(String),
    last_seen DateTime
)
ENGINE = {{ENGINE:ReplacingMergeTree(last_seen)}}
ORDER BY (project_id, metric_name)
TTL last_seen + INTERVAL 400 DAY;

-- Per-project retention on samples. 001's rows get the old fixed 400 days. Parts of a day mix
-- projects (001 partitions by day only), so TTL must delete rows, not only whole parts.
ALTER TABLE {{TABLE:metric_samples}} {{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS retention_days UInt16 DEFAULT 400;
{{DISTRIBUTED_ALTER:metric_samples:ADD COLUMN IF NOT EXISTS retention_days UInt16 DEFAULT 400}};
ALTER TABLE {{TABLE:metric_samples}} {{ON_CLUSTER}} MODIFY SETTING ttl_only_drop_parts = 0;
ALTER TABLE {{TABLE:metric_samples}} {{ON_CLUSTER}} MODIFY TTL toDateTime(timestamp) + toIntervalDay(retention_days);

-- Rollups for long ranges, per series: min, max, sum, count and the last value (argMax by time),
-- so avg = sum / count, and counters' rates come from last values. NaN samples (Prometheus'
-- staleness markers) are left out of rollups. They live twice (1m) and four times (1h) as long
-- as the raw samples of the same project.
CREATE TABLE IF NOT EXISTS {{TABLE:metric_samples_1m}} {{ON_CLUSTER}}
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    bucket DateTime CODEC(DoubleDelta, ZSTD(1)),
    min_value SimpleAggregateFunction(min, Float64),
    max_value SimpleAggregateFunction(max, Float64),
    sum_value SimpleAggregateFunction(sum, Float64),
    sample_count SimpleAggregateFunction(sum, UInt64),
    last_value AggregateFunction(argMax, Float64, DateTime64(3)),
    retention_days SimpleAggregateFunction(max, UInt16)
)
ENGINE = {{ENGINE:AggregatingMergeTree}}
PARTITION BY toDate(bucket)
ORDER BY (project_id, metric_name, fingerprint, bucket)
TTL bucket + toIntervalDay(retention_days * 2);

CREATE TABLE IF NOT EXISTS {{TABLE:metric_samples_1h}} {{ON_CLUSTER}}
(
    project_id UUID,
    metric_name LowCardinality(String),
    fingerprint UInt64,
    bucket DateTime CODEC(DoubleDelta, ZSTD(1)),
    min_value SimpleAggregateFunction(min, Float64),
    max_value SimpleAggregateFunction(max, Float64),
    sum_value SimpleAggregateFunction(sum, Float64),
    sample_count SimpleAggregateFunction(sum, UInt64),
    last_value AggregateFunction(argMax, Float64, DateTime64(3)),
    retention_days SimpleAggregateFunction(max, UInt16)
)
ENGINE = {{ENGINE:AggregatingMergeTree}}
PARTITION BY toStartOfMonth(bucket)
ORDER BY (project_id, metric_name, fingerprint, bucket)
TTL bucket + toIntervalDay(retention_days * 4);

-- The views read the table an insert lands in (the local tables on a cluster, where Distributed
-- inserts arrive per shard; rollups are sharded by fingerprint like samples, so each shard
-- aggregates only its own series). The hourly view reads the minute rollup, so a raw insert is
-- aggregated once over its samples and once more over far fewer rows. Aliases differ from the
-- column names on purpose: in `max(x) AS x` ClickHouse would read the alias inside the aggregate.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{TABLE:metric_samples_1m_mv}} {{ON_CLUSTER}} TO {{TABLE:metric_samples_1m}}
AS SELECT project_id, metric_name, fingerprint, minute AS bucket, lo AS min_value, hi AS max_value, total AS sum_value,
    samples AS sample_count, last AS last_value, retention AS retention_days
FROM
(
    SELECT
        project_id,
        metric_name,
        fingerprint,
        toStartOfMinute(timestamp) AS minute,
        min(value) AS lo,
        max(value) AS hi,
        sum(value) AS total,
        count() AS samples,
        argMaxState(value, timestamp) AS last,
        max(retention_days) AS retention
    FROM {{TABLE:metric_samples}}
    WHERE NOT isNaN(value)
    GROUP BY project_id, metric_name, fingerprint, minute
);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{TABLE:metric_samples_1h_mv}} {{ON_CLUSTER}} TO {{TABLE:metric_samples_1h}}
AS SELECT project_id, metric_name, fingerprint, hour AS bucket, lo AS min_value, hi AS max_value, total AS sum_value,
    samples AS sample_count, last AS last_value, retention AS retention_days
FROM
(
    SELECT
        project_id,
        metric_name,
        fingerprint,
        toStartOfHour(bucket) AS hour,
        min(min_value) AS lo,
        max(max_value) AS hi,
        sum(sum_value) AS total,
        sum(sample_count) AS samples,
        argMaxMergeState(last_value) AS last,
        max(retention_days) AS retention
    FROM {{TABLE:metric_samples_1m}}
    GROUP BY project_id, metric_name, fingerprint, hour
);

-- On a cluster: logs spread evenly (every query reads all shards anyway); metadata by family so
-- ReplacingMergeTree folds a family's rows on one shard; rollups like samples, by series.
{{DISTRIBUTED:logs:rand()}};
{{DISTRIBUTED:metric_metadata:cityHash64(project_id, metric_name)}};
{{DISTRIBUTED:metric_samples_1m:fingerprint}};
{{DISTRIBUTED:metric_samples_1h:fingerprint}};
