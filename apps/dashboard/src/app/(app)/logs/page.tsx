import { LogsExplorer } from '../../../components/logs/logs-explorer';
import { logsStateFromSearch } from '../../../lib/logs-query';
import type { SearchRecord } from '../../../lib/search-params';

export default async function LogsPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  return <LogsExplorer initial={logsStateFromSearch(await searchParams)} />;
}
