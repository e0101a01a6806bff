import { ChecksPage } from '../../../components/checks/checks-page';

export default function ChecksListPage() {
  return <ChecksPage />;
}
