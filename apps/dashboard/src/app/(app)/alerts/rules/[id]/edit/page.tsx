import { RuleEditor } from '../../../../../../components/alerts/rules/rule-editor';

export default async function EditAlertRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RuleEditor key={id} ruleId={id} />;
}
