import { redirect } from 'next/navigation';
import { firstParam, type SearchRecord } from '../../../lib/search-params';

/** `/alerts` opens the first tab, the rules, keeping the chosen project. */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  const project = firstParam(await searchParams, 'project');
  redirect(project ? `/alerts/rules?${new URLSearchParams({ project }).toString()}` : '/alerts/rules');
}
