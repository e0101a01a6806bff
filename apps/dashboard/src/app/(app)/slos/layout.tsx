import type { ReactNode } from 'react';
import { SlosNav } from '../../../components/slos/slos-nav';
import '../alerts/alerts.css';
import './slos.css';

/** Every SLOs page: one `<main>` with the section's tabs; it shares the Alerts section's forms and badges. */
export default function SlosLayout({ children }: { children: ReactNode }) {
  return (
    <main className="page alerts slos">
      <SlosNav />
      {children}
    </main>
  );
}
