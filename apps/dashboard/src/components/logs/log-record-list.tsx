'use client';

import type { LogRecordView } from '@vigil/contracts';
import { useMemo } from 'react';
import { recordKeys } from '../../lib/log-records';
import { LogRecordRow } from './log-record-row';

export interface LogRecordListProps {
  live: readonly LogRecordView[];
  records: readonly LogRecordView[];
  onFilter(attr: string): void;
  onTrace(traceId: string): void;
}

/** Live-tailed records on top, then the search results, newest first. */
export function LogRecordList({ live, records, onFilter, onTrace }: LogRecordListProps) {
  const liveKeys = useMemo(() => recordKeys(live), [live]);
  const keys = useMemo(() => recordKeys(records), [records]);
  return (
    <ol className="log-records" data-testid="log-records">
      {live.map((record, index) => (
        <LogRecordRow key={`live:${liveKeys[index]}`} record={record} fresh onFilter={onFilter} onTrace={onTrace} />
      ))}
      {records.map((record, index) => (
        <LogRecordRow key={keys[index]} record={record} onFilter={onFilter} onTrace={onTrace} />
      ))}
    </ol>
  );
}
