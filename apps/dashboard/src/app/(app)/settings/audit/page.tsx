import { AuditLog } from '../../../../components/teams/audit-log';

export default function AuditPage() {
  return <AuditLog />;
}
