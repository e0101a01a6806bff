import { ActiveAlertsPage } from '../../../../components/alerts/active/active-alerts-page';

export default function AlertsActivePage() {
  return <ActiveAlertsPage />;
}
