import { redirect } from 'next/navigation';
import { type SearchRecord, firstParam } from '../../../lib/search-params';

/** `/settings` opens the first tab, API keys, keeping the chosen project. */
export default async function SettingsPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  const project = firstParam(await searchParams, 'project');
  redirect(project ? `/settings/api-keys?${new URLSearchParams({ project }).toString()}` : '/settings/api-keys');
}
