import { MetricsExplorer } from '../../../components/metrics/metrics-explorer';
import { metricsStateFromSearch } from '../../../lib/metrics-query';
import type { SearchRecord } from '../../../lib/search-params';

export default async function MetricsPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  return <MetricsExplorer initial={metricsStateFromSearch(await searchParams)} />;
}
