import { SloDetailPage } from '../../../../components/slos/slo-detail';

export default async function SloPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SloDetailPage key={id} sloId={id} />;
}
