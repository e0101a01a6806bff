import { SloImport } from '../../../../components/slos/slo-import';

export default function ImportSlosPage() {
  return <SloImport />;
}
