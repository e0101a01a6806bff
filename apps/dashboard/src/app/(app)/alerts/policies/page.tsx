import { PoliciesPage } from '../../../../components/alerts/policies/policies-page';

export default function AlertPoliciesPage() {
  return <PoliciesPage />;
}
