import type { ReactNode } from 'react';
import '../alerts/alerts.css';
import './reports.css';

/** The Reports section: one `<main>`; forms and tables share the Alerts section's styles. */
export default function ReportsLayout({ children }: { children: ReactNode }) {
  return <main className="page alerts reports">{children}</main>;
}
