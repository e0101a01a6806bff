import { RuleEditor } from '../../../../../components/alerts/rules/rule-editor';

export default function NewAlertRulePage() {
  return <RuleEditor />;
}
