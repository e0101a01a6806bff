import { CheckEditor } from '../../../../components/checks/check-editor';

export default function NewCheckPage() {
  return <CheckEditor />;
}
