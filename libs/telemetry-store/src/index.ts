export { createTelemetryStore, type TelemetryStore, type TelemetryStoreOptions } from './telemetry-store';
export { ChdbRawWriter, ClientInsertWriter, type RawInsertFormat, type TelemetryWriter } from './writer/telemetry-writer';
export { type CellValue, type ColumnKind, type ColumnSpec, type Row } from './writer/row-encoding';
export { compile, identifier, join, param, qualifiedTable, sql, type CompiledQuery, type SqlFragment, type SqlParam } from './sql-template';
export { migrateTelemetryStore, migrationChecksum, readMigrationFiles, type MigrateOptions, type MigrateResult, type MigrationFile } from './migrations/migration-runner';
export { renderMigration, splitStatements, type RenderOptions } from './migrations/migration-renderer';
export { MetricRepository, type MetricSampleRecord, type MetricSeriesQuery } from './metrics/metric.repository';
export { seriesFingerprint } from './series-fingerprint';
export { TelemetryMigrationError, TelemetryQueryError, type TelemetryMigrationProblem, type TelemetryQueryLimit } from './telemetry.errors';
