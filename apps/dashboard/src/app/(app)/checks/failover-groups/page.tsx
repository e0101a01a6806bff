import { FailoverGroupsPage } from '../../../../components/failover/failover-groups-page';

export default function FailoverGroupsListPage() {
  return <FailoverGroupsPage />;
}
