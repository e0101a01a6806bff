-- 004 copied the hourly rollup into metric_rollup_hourly; the old table goes now. A separate
-- file, so 004 can be re-run after an interruption (it reads the old table) until it is recorded.
-- On a cluster `{{DATABASE}}.name` is the Distributed table and {{TABLE:name}} the local one; on
-- one server both are the same table, dropped by the first statement.
DROP TABLE IF EXISTS {{DATABASE}}.metric_rollup_1h {{ON_CLUSTER}};
DROP TABLE IF EXISTS {{TABLE:metric_rollup_1h}} {{ON_CLUSTER}};
