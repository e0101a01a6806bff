import { CheckReportPage } from '../../../../../components/reports/check-report-page';
import type { SearchRecord } from '../../../../../lib/search-params';
import { reportSelectionFromSearch } from '../../../../../lib/uptime-report';

export default async function CheckUptimeReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchRecord> }) {
  const { id } = await params;
  return <CheckReportPage key={id} checkId={id} initial={reportSelectionFromSearch(await searchParams, Date.now(), 'UTC')} />;
}
