import type { ReactNode } from 'react';
import { AlertsNav } from '../../../components/alerts/common/alerts-nav';
import './alerts.css';

/** Every Alerts page: one `<main>` with the section's tabs above the page itself. */
export default function AlertsLayout({ children }: { children: ReactNode }) {
  return (
    <main className="page alerts">
      <AlertsNav />
      {children}
    </main>
  );
}
