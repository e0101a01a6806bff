import { DeliveriesPage } from '../../../../components/alerts/deliveries/deliveries-page';

export default function AlertDeliveriesPage() {
  return <DeliveriesPage />;
}
