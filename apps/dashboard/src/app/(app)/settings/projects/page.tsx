import { ProjectsSettings } from '../../../../components/teams/projects-settings';

export default function ProjectsPage() {
  return <ProjectsSettings />;
}
