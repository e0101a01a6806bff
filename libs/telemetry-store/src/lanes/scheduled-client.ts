import type { ClickHouseClient } from '@clickhouse/client';
import type { LaneScheduler } from './lane-scheduler';

type Scheduled = Pick<ClickHouseClient, 'query' | 'command' | 'exec' | 'insert' | 'ping'>;

/**
 * The store's client as repositories see it: the official client whose engine calls (`query`,
 * `command`, `exec`, `insert`, `ping`) each wait for a turn on the caller's lane (runInLane).
 * Everything else (`close`, configuration) is the client's own, through the prototype.
 *
 * A query's turn ends when the client returns its result set. Embedded, chDB has then finished
 * and the rows are in memory; with a server the answer's first bytes have arrived and the rest
 * streams while the next query runs (a server runs queries in parallel anyway). Holding the
 * turn until the caller reads the stream would stall the engine on any result set left unread.
 */
export function scheduledClient(client: ClickHouseClient, scheduler: LaneScheduler): ClickHouseClient {
  const overrides: Scheduled = {
    query: (params) => scheduler.runHere(() => client.query(params)),
    command: (params) => scheduler.runHere(() => client.command(params)),
    exec: (params) => scheduler.runHere(() => client.exec(params)),
    insert: (params) => scheduler.runHere(() => client.insert(params)),
    ping: (params) => scheduler.runHere(() => client.ping(params)),
  };
  return Object.assign(Object.create(client) as ClickHouseClient, overrides);
}
