import type { LogBatch } from '@vigil/ingest';
import { appendMap, type BatchTableSchema, ByteColumnBuilder, encodeMap, type EncodedMap } from '../writer/batch-columns';
import { checkEpochMs, checkProjectId, checkRetentionDays } from '../writer/batch-checks';
import { type EncodedBatch, encodedBatch } from '../writer/encoded-batch';

export const LOGS_TABLE: BatchTableSchema = {
  table: 'logs',
  columns: [
    { name: 'project_id', kind: 'ProjectId' },
    { name: 'timestamp', kind: 'DateTime64Ms' },
    { name: 'observed_timestamp', kind: 'DateTime64Ms' },
    { name: 'severity_number', kind: 'UInt8' },
    { name: 'severity_text', kind: 'String' },
    { name: 'service', kind: 'String' },
    { name: 'body', kind: 'String' },
    { name: 'attributes', kind: 'StringMap' },
    { name: 'resource', kind: 'StringMap' },
    { name: 'trace_id', kind: 'String' },
    { name: 'span_id', kind: 'String' },
    { name: 'retention_days', kind: 'RetentionDays' },
  ],
};

/** A decoded LogBatch as columns of the logs table. Pure CPU, no I/O. */
export function encodeLogBatch(projectId: string, batch: LogBatch, retentionDays: number): EncodedBatch {
  checkProjectId(projectId);
  const retention = checkRetentionDays(retentionDays);
  const rows = batch.records.length;
  const timestamps = new Float64Array(rows);
  const observed = new Float64Array(rows);
  const severities = new Uint8Array(rows);
  const severityTexts = new ByteColumnBuilder(rows, rows * 5);
  const services = new ByteColumnBuilder(rows);
  const bodies = new ByteColumnBuilder(rows, rows * 128);
  const attributeKeys = new ByteColumnBuilder(rows, rows * 48);
  const attributeValues = new ByteColumnBuilder(rows, rows * 48);
  const resourceKeys = new ByteColumnBuilder(rows, rows * 48);
  const resourceValues = new ByteColumnBuilder(rows, rows * 48);
  const traceIds = new ByteColumnBuilder(rows, rows * 32);
  const spanIds = new ByteColumnBuilder(rows, rows * 16);
  // Decoders share one resource object among the records of a resource (OTLP ResourceLogs), so
  // its entries are encoded once per resource rather than once per record.
  let resource: LogBatch['records'][number]['resource'] | undefined;
  let resourceEntries: EncodedMap = { keys: Buffer.alloc(0), values: Buffer.alloc(0) };
  batch.records.forEach((record, index) => {
    if (record.resource !== resource) {
      resource = record.resource;
      resourceEntries = encodeMap(resource);
    }
    const severity = record.severityNumber;
    if (!Number.isInteger(severity) || severity < 0 || severity > 255) throw new RangeError(`severity number must be 0–255, got ${severity}`);
    timestamps[index] = Math.round(checkEpochMs(record.timestampMs));
    observed[index] = Math.round(checkEpochMs(record.observedTimestampMs));
    severities[index] = severity;
    severityTexts.row(record.severityText);
    services.row(record.service);
    bodies.row(record.body);
    appendMap(attributeKeys, attributeValues, record.attributes);
    resourceKeys.bytes(resourceEntries.keys).end();
    resourceValues.bytes(resourceEntries.values).end();
    traceIds.row(record.traceId);
    spanIds.row(record.spanId);
  });
  return encodedBatch(
    projectId,
    retention,
    [
      {
        schema: LOGS_TABLE,
        rows,
        values: [
          null,
          timestamps,
          observed,
          severities,
          severityTexts.build(),
          services.build(),
          bodies.build(),
          { keys: attributeKeys.build(), values: attributeValues.build() },
          { keys: resourceKeys.build(), values: resourceValues.build() },
          traceIds.build(),
          spanIds.build(),
          null,
        ],
      },
    ],
    rows,
  );
}
