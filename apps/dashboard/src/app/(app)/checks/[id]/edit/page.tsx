import { CheckEditor } from '../../../../../components/checks/check-editor';

export default async function EditCheckPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CheckEditor key={id} checkId={id} />;
}
