import { redirect } from 'next/navigation';
import { type SearchRecord, firstParam } from '../../../lib/search-params';

/** API keys are the only settings so far; `/settings` opens them, keeping the chosen project. */
export default async function SettingsPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  const project = firstParam(await searchParams, 'project');
  redirect(project ? `/settings/api-keys?${new URLSearchParams({ project }).toString()}` : '/settings/api-keys');
}
