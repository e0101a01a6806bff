import { FailoverGroupDetailPage } from '../../../../../components/failover/failover-group-detail';

export default async function FailoverGroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FailoverGroupDetailPage key={id} groupId={id} />;
}
