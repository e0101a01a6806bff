import type { Metadata } from 'next';
import { PublicStatusPage } from '../../../components/status-page/public-status-page';
import './status-page.css';

export const metadata: Metadata = { title: 'Status', robots: { index: true, follow: false } };

/** A project's public status page (docs/checks.md, Status pages): no session, no app navigation. */
export default async function StatusPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <PublicStatusPage slug={slug} />;
}
