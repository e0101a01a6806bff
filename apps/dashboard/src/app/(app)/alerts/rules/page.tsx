import { RulesPage } from '../../../../components/alerts/rules/rules-page';
import { ruleFiltersFromSearch } from '../../../../lib/rule-status';
import type { SearchRecord } from '../../../../lib/search-params';

export default async function AlertRulesPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  return <RulesPage initialFilters={ruleFiltersFromSearch(await searchParams)} />;
}
