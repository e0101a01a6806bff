import { ReportsPage } from '../../../components/reports/reports-page';
import type { SearchRecord } from '../../../lib/search-params';
import { reportSelectionFromSearch } from '../../../lib/uptime-report';

export default async function UptimeReportsPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  return <ReportsPage initial={reportSelectionFromSearch(await searchParams, Date.now(), 'UTC')} />;
}
