import { SloEditor } from '../../../../components/slos/slo-editor';

export default function NewSloPage() {
  return <SloEditor />;
}
