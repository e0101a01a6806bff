export { createTelemetryStore, type TelemetryStore, type TelemetryStoreOptions } from './telemetry-store';
export { currentLane, EngineMeter, type Lane, LANES, metered, runInLane } from './lanes/lane-context';
export { EMBEDDED_LANES, LaneScheduler, type LaneSchedulerOptions, SERVER_LANE_LIMITS } from './lanes/lane-scheduler';
export { LANE_HISTOGRAM_BOUNDS_MS, type LaneHistogram, type LaneStats, type LaneStatsSnapshot } from './lanes/lane-stats';
export { ChdbRawWriter, ClientInsertWriter, type RawInsertFormat, type TelemetryWriter } from './writer/telemetry-writer';
export { type CellValue, type ColumnKind, type ColumnSpec, type Row } from './writer/row-encoding';
export { type EncodedBatch, writeEncodedBatches } from './writer/encoded-batch';
export { type BatchColumn, type BatchColumnKind, type BatchTableSchema, type ColumnarRows, type EncodedTable, joinTables } from './writer/batch-columns';
export { columnsToTabSeparated } from './writer/tabseparated-columns';
export { TelemetryBatchWriter, type TelemetryBatch } from './writer/telemetry-batch.writer';
export { GroupCommitWriter, type GroupCommitOptions, type GroupCommitStats, type InsertRound } from './writer/group-commit.writer';
export { type StaleHourMarksOptions } from './writer/stale-hour-marks';
export { compile, identifier, join, param, qualifiedTable, sql, type CompiledQuery, type SqlFragment, type SqlParam } from './sql-template';
export { appliedMigrations, migrateTelemetryStore, migrationChecksum, readMigrationFiles, type MigrateOptions, type MigrateResult, type MigrationFile } from './migrations/migration-runner';
export { renderMigration, splitStatements, type RenderOptions } from './migrations/migration-renderer';
export { MetricRepository, type MetricSampleRecord, type MetricSeriesQuery } from './metrics/metric.repository';
export {
  DEFAULT_MAX_INPUT_SERIES,
  DEFAULT_MAX_POINTS,
  DEFAULT_MAX_SERIES,
  MetricQueryRepository,
  type MetricQueryLimits,
  type MetricQueryOptions,
  type GroupSteps,
  type MetricQueryResult,
  type SeriesGroup,
  type SeriesRef,
} from './metrics/metric-query.repository';
export { MetricDiscoveryRepository, type LabelDiscovery } from './metrics/metric-discovery.repository';
export { ServiceSignalsRepository, type SignalsRange } from './metrics/service-signals.repository';
export { MetricBatchEncoder, type MetricBatchEncoderOptions } from './metrics/metric-batch.encoder';
export { SeriesCache } from './metrics/series-cache';
export { oneSamplePerTimestamp } from './metrics/one-sample-per-timestamp.sql';
export { DEFAULT_SERIES_LIMITS, SeriesLimiter, type ActiveSeriesSource, type AdmitResult, type SeriesLimiterOptions, type SeriesLimits } from './metrics/series-limiter';
export { LogRepository, type LogFilter, type LogRepositoryOptions, type LogSearch } from './logs/log.repository';
export {
  DEFAULT_EVIDENCE_LINES,
  DEFAULT_MAX_GROUPS,
  EVIDENCE_BODY_CHARS,
  MAX_EVIDENCE_LINES,
  type LogCountGrouping,
  type LogEvidenceLine,
  type LogGroupCount,
  type LogGroupCountQuery,
} from './logs/log-group-count';
export { DEFAULT_LOG_QUERY_BUDGET_MS } from './logs/log-query-budget';
export { AlertEventRepository, MAX_ALERT_EVENTS_PER_LIST, type AlertEventListQuery, type NewAlertEvent } from './alert-events/alert-event.repository';
export { encodeLogBatch } from './logs/log-batch.encoder';
export { descriptorFingerprint, seriesFingerprint } from './series-fingerprint';
export {
  OverloadedError,
  TelemetryMigrationError,
  TelemetryQueryError,
  type TelemetryMigrationProblem,
  type TelemetryQueryLimit,
} from './telemetry.errors';
export { type LogHistogramQuery, type LogPage, type LogPageQuery } from './logs/log.repository';
export { logFilterCondition, logTermPattern, splitLogTokens } from './logs/log-search.sql';
export { decodeLogCursor, encodeLogCursor, LogCursorError, type LogCursor } from './logs/log-cursor';
export { keyed, logRecordKey, newestFirst, type KeyedLogRecord } from './logs/log-order';
export { LogTailWindow, TAIL_LATENESS_MS } from './logs/log-tail-window';
export { DatabaseBackups, type BackupCut, type RunningBackup } from './backup/database-backup';
export { CheckResultRepository, encodeCheckResults, MAX_RESULT_ERROR_CHARS, type CheckDay, type CheckDayCounts, type CheckResultRange, type NewCheckResult } from './checks/check-result.repository';
export { CheckLatencyRepository, type LatencyPercentiles, type LatencySpan } from './checks/check-latency.repository';
export { MetricRollup, type MetricRollupOptions, type RollupRunResult } from './rollup/metric-rollup';
export { HOUR_MS, ROLLUP_GRACE_MS } from './rollup/rollup-hours';
export { ProjectTelemetryRemover } from './projects/project-telemetry.remover';
