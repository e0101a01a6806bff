import type { ReactNode } from 'react';
import { ChecksNav } from '../../../components/checks/checks-nav';
import '../alerts/alerts.css';
import './checks.css';

/** Every Checks page (checks and failover groups): one `<main>` with the section's tabs; it shares the Alerts section's forms and badges. */
export default function ChecksLayout({ children }: { children: ReactNode }) {
  return (
    <main className="page alerts checks">
      <ChecksNav />
      {children}
    </main>
  );
}
