import { CheckDetailPage } from '../../../../components/checks/check-detail';

export default async function CheckPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CheckDetailPage key={id} checkId={id} />;
}
