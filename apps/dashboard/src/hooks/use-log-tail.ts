'use client';

import { type LogRecordView, logsTailEventSchema } from '@vigil/contracts';
import { useEffect, useState } from 'react';
import { useLatest } from './use-latest';

export type TailStatus = 'off' | 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * Follows `/api/v1/logs/tail` with an EventSource while `path` is set: each `records` event is
 * handed to `onRecords` (oldest first, as the API sends them). Closing happens when `path`
 * becomes null (the toggle) or the component unmounts. EventSource reconnects by itself after
 * a dropped connection; `closed` means it gave up (for example the session ended).
 */
export function useLogTail(path: string | null, onRecords: (records: LogRecordView[]) => void): TailStatus {
  const [status, setStatus] = useState<TailStatus>('off');
  const handler = useLatest(onRecords);

  useEffect(() => {
    if (path === null) {
      setStatus('off');
      return;
    }
    setStatus('connecting');
    const source = new EventSource(path);
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    source.addEventListener('records', (event) => {
      const parsed = logsTailEventSchema.safeParse(JSON.parse(String((event as MessageEvent).data)));
      if (parsed.success && parsed.data.records.length > 0) handler.current(parsed.data.records);
    });
    return () => source.close();
  }, [path, handler]);

  return status;
}
