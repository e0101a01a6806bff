'use client';

import { Command, useCurlIngest } from '../common/send-data-hint';

const EXAMPLE = '{"service":"checkout","severity":"info","message":"order placed","attributes":{"order_id":"42"}}';

/** Nothing matched: either loosen the filters, or send the first logs. */
export function NoLogsYet({ filtered }: { filtered: boolean }) {
  const curl = useCurlIngest('/api/v1/ingest/logs', EXAMPLE);
  if (filtered) {
    return (
      <section className="card empty" data-testid="no-logs">
        <p>No records match these filters in this range. Remove a filter or widen the range.</p>
      </section>
    );
  }
  return (
    <section className="card empty" data-testid="no-logs">
      <h2>No logs in this range</h2>
      <p className="muted">Send a record with curl and your ingest key, or export logs over OTLP/HTTP to the Vigil API.</p>
      <Command lines={curl} />
    </section>
  );
}
