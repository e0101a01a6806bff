import { MembersSettings } from '../../../../components/teams/members-settings';

export default function MembersPage() {
  return <MembersSettings />;
}
