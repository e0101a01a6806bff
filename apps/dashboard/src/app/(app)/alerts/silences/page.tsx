import { SilencesPage } from '../../../../components/alerts/silences/silences-page';

export default function AlertSilencesPage() {
  return <SilencesPage />;
}
