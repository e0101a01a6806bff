import { AlertHistoryPage } from '../../../../components/alerts/history/alert-history-page';
import { firstParam, type SearchRecord } from '../../../../lib/search-params';
import { rangeFromSearch } from '../../../../lib/time-range';

export default async function AlertsHistoryPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  const search = await searchParams;
  return <AlertHistoryPage initial={{ range: rangeFromSearch(search, '24h'), ruleId: firstParam(search, 'ruleId') }} />;
}
