-- A stale-hour mark says how long the rollup must keep it (docs/architecture.md "Rollup
-- watermark"). The ingest writer remembers the marks it wrote and, for `hold_ms` less a margin,
-- stores more late samples of that (project, hour) without writing the mark again (one engine
-- insert a round less while late samples keep coming). The worker consumes a mark only in a run
-- whose cut-off is at least `noted_at + hold_ms`, so its rebuild reads every sample that mark
-- stands for. Marks written before this migration, and by writers that remember nothing, hold 0:
-- consumed by the next run, as before.
ALTER TABLE {{DATABASE}}.metric_rollup_stale {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS hold_ms UInt32 DEFAULT 0;
