import { SloEditor } from '../../../../../components/slos/slo-editor';

export default async function EditSloPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SloEditor key={id} sloId={id} />;
}
