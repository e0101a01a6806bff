import { MaintenancePage } from '../../../../components/alerts/maintenance/maintenance-page';

export default function AlertMaintenancePage() {
  return <MaintenancePage />;
}
