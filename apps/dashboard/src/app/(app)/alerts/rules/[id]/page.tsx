import { RuleDetail } from '../../../../../components/alerts/rules/rule-detail';

export default async function AlertRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RuleDetail key={id} ruleId={id} />;
}
