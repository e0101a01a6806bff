import { ChannelsPage } from '../../../../components/alerts/channels/channels-page';

export default function AlertChannelsPage() {
  return <ChannelsPage />;
}
