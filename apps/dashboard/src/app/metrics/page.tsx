import { MetricsExplorer } from '../../components/metrics/metrics-explorer';
import { selectionFromSearch } from '../../lib/metrics-query';

export default async function MetricsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <MetricsExplorer initial={selectionFromSearch(await searchParams)} />;
}
