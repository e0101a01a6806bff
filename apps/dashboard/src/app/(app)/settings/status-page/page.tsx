import { StatusPageSettings } from '../../../../components/settings/status-page-settings';
import './status-page-settings.css';

export default function StatusPageSettingsPage() {
  return <StatusPageSettings />;
}
