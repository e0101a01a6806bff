import { ApiKeysSettings } from '../../../../components/settings/api-keys-settings';

export default function ApiKeysPage() {
  return <ApiKeysSettings />;
}
