ALTER TABLE `vigil`.metric_rollup_stale
    ADD COLUMN IF NOT EXISTS hold_ms UInt32 DEFAULT 0;
