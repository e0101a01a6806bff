import { SlosPage } from '../../../components/slos/slos-page';

export default function SlosListPage() {
  return <SlosPage />;
}
