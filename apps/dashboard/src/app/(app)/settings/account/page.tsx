import { AccountSettings } from '../../../../components/teams/account-settings';

export default function AccountPage() {
  return <AccountSettings />;
}
