import { FailoverGroupEditor } from '../../../../../../components/failover/failover-group-editor';

export default async function EditFailoverGroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FailoverGroupEditor key={id} groupId={id} />;
}
