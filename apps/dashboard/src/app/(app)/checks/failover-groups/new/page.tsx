import { FailoverGroupEditor } from '../../../../../components/failover/failover-group-editor';

export default function NewFailoverGroupPage() {
  return <FailoverGroupEditor />;
}
