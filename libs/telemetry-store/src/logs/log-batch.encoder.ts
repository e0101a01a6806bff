import type { LogBatch } from '@vigil/ingest';
import { type EncodedBatch, encodedBatch } from '../writer/encoded-batch';
import { tsvString, tsvStringMap } from '../writer/row-encoding';
import { checkProjectId, checkRetentionDays, timestampText } from '../writer/tsv-fields';

export const LOG_COLUMNS = [
  'project_id',
  'timestamp',
  'observed_timestamp',
  'severity_number',
  'severity_text',
  'service',
  'body',
  'attributes',
  'resource',
  'trace_id',
  'span_id',
  'retention_days',
] as const;

/** A decoded LogBatch as TabSeparated lines for the logs table. Pure CPU, no I/O. */
export function encodeLogBatch(projectId: string, batch: LogBatch, retentionDays: number): EncodedBatch {
  checkProjectId(projectId);
  const suffix = `\t${checkRetentionDays(retentionDays)}\n`;
  let payload = '';
  // Decoders share one resource object among the records of a resource (OTLP ResourceLogs), so
  // its text is encoded once per resource rather than once per record.
  let resource: LogBatch['records'][number]['resource'] | undefined;
  let resourceText = '';
  for (const record of batch.records) {
    if (record.resource !== resource) {
      resource = record.resource;
      resourceText = tsvStringMap(resource);
    }
    const severity = record.severityNumber;
    if (!Number.isInteger(severity) || severity < 0 || severity > 255) throw new RangeError(`severity number must be 0–255, got ${severity}`);
    payload +=
      projectId +
      '\t' +
      timestampText(record.timestampMs) +
      '\t' +
      timestampText(record.observedTimestampMs) +
      '\t' +
      severity +
      '\t' +
      record.severityText +
      '\t' +
      tsvString(record.service) +
      '\t' +
      tsvString(record.body) +
      '\t' +
      tsvStringMap(record.attributes) +
      '\t' +
      resourceText +
      '\t' +
      tsvString(record.traceId) +
      '\t' +
      tsvString(record.spanId) +
      suffix;
  }
  return encodedBatch([{ table: 'logs', columns: LOG_COLUMNS, payload, rows: batch.records.length }], batch.records.length);
}
