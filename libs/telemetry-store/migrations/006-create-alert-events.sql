-- Alert events: one row per state transition of an alert instance (inactive → pending → firing →
-- inactive, …), with the values that caused it, for the alert history and the reports.
-- Placeholders are filled by renderMigration (see README.md).
--
-- ORDER BY (project_id, time): the query that matters is a project's timeline, newest first,
-- over a range, optionally for one rule; a rule's events are found through the bloom filter on
-- rule_id (a rule transitions rarely, so most granules are skipped) rather than a key that would
-- split the project's timeline by rule.
-- PARTITION BY month: events are few (a busy project writes thousands a day, not millions), so
-- daily partitions would make tiny parts; a month keeps parts few and TTL drops whole months.
-- TTL 400 days, whole parts only: an event lives 400 days to 400 days + a month, so a report over
-- the last year (and the same month a year ago) always finds its events.
-- evidence is the JSON the alerting engine wrote (AlertEvidence: value, thresholds, window, the
-- first matching log lines); it is read back whole, never filtered on.
CREATE TABLE IF NOT EXISTS {{TABLE:alert_events}} {{ON_CLUSTER}}
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
ENGINE = {{ENGINE:MergeTree}}
PARTITION BY toYYYYMM(time)
ORDER BY (project_id, time)
TTL toDateTime(time) + INTERVAL 400 DAY
SETTINGS ttl_only_drop_parts = 1;

-- On a cluster, a project's events stay on one shard: its timeline is read from one place and
-- events are too few for one project to unbalance the shards.
{{DISTRIBUTED:alert_events:cityHash64(project_id)}};
