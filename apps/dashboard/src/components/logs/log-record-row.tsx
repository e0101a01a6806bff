'use client';

import { logSeverityName, type LogRecordView } from '@vigil/contracts';
import { useState } from 'react';
import { EVENT_DETAIL, formatTime } from '../../lib/time-format';

export interface LogRecordRowProps {
  record: LogRecordView;
  /** Arrived through live tail after the list was loaded. */
  fresh?: boolean;
  onFilter(attr: string): void;
  onTrace(traceId: string): void;
}

/** One line (time, severity, service, body); click to see every field. */
export function LogRecordRow({ record, fresh = false, onFilter, onTrace }: LogRecordRowProps) {
  const [open, setOpen] = useState(false);
  const level = logSeverityName(record.severityNumber);
  return (
    <li className={`log-record${fresh ? ' fresh' : ''}`} data-testid="log-record" data-expanded={open}>
      <button type="button" className="log-line" aria-expanded={open} onClick={() => setOpen(!open)}>
        {/* `dateTime` is for machines (ISO 8601, UTC); people read the dashboard's format. */}
        <time dateTime={new Date(record.timestampMs).toISOString()}>{formatTime(record.timestampMs, EVENT_DETAIL)}</time>
        <span className={`severity severity-${level}`} data-testid="log-severity">
          {record.severityText || level}
        </span>
        <span className="log-service">{record.service}</span>
        <span className="log-body" data-testid="log-body">
          {record.body}
        </span>
      </button>
      {open ? <RecordDetails record={record} onFilter={onFilter} onTrace={onTrace} /> : null}
    </li>
  );
}

function RecordDetails({ record, onFilter, onTrace }: Pick<LogRecordRowProps, 'record' | 'onFilter' | 'onTrace'>) {
  return (
    <div className="log-details" data-testid="log-details">
      <pre className="log-full-body">{record.body}</pre>
      <FieldTable title="Attributes" fields={record.attributes} testId="log-attributes" onFilter={(key, value) => onFilter(`${key}=${value}`)} />
      <FieldTable title="Resource" fields={record.resource} testId="log-resource" onFilter={(key, value) => onFilter(`resource.${key}=${value}`)} />
      <dl className="log-ids">
        <dt>Trace id</dt>
        <dd>
          {record.traceId ? (
            <>
              <span data-testid="log-trace-id">{record.traceId}</span>
              <button type="button" className="link-button" title="Every record of this trace" onClick={() => onTrace(record.traceId)}>
                all logs of this trace
              </button>
            </>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        <dt>Span id</dt>
        <dd data-testid="log-span-id">{record.spanId || <span className="muted">none</span>}</dd>
        <dt>Severity</dt>
        <dd>
          {record.severityText || '—'} ({record.severityNumber})
        </dd>
        <dt>Observed</dt>
        <dd>{formatTime(record.observedTimestampMs, EVENT_DETAIL)}</dd>
      </dl>
    </div>
  );
}

function FieldTable({ title, fields, testId, onFilter }: { title: string; fields: Record<string, string>; testId: string; onFilter(key: string, value: string): void }) {
  const entries = Object.entries(fields).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="field-table" data-testid={testId}>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p className="muted small">none</p>
      ) : (
        <table>
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td>{value}</td>
                <td>
                  <button type="button" className="link-button" title={`Only records with ${key}=${value}`} onClick={() => onFilter(key, value)}>
                    filter
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
