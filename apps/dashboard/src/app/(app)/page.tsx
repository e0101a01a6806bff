import { ServicesOverview } from '../../components/overview/services-overview';
import type { SearchRecord } from '../../lib/search-params';
import { rangeFromSearch } from '../../lib/time-range';

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  return <ServicesOverview initialRange={rangeFromSearch(await searchParams)} />;
}
