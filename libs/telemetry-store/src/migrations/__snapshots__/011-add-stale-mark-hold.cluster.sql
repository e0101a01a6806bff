ALTER TABLE `vigil`.metric_rollup_stale ON CLUSTER `vigil_cluster`
    ADD COLUMN IF NOT EXISTS hold_ms UInt32 DEFAULT 0;
