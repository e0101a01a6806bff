import { ProjectSettings } from '../../../../components/settings/project-settings';

export default function ProjectSettingsPage() {
  return <ProjectSettings />;
}
