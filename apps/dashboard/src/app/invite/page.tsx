import { InviteAcceptance } from '../../components/invite/invite-acceptance';

/** Where an invitation link leads; public (the link's token, in the fragment, is the credential). */
export default function InvitePage() {
  return <InviteAcceptance />;
}
