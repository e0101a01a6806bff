import type { ReactNode } from 'react';
import { SettingsNav } from '../../../components/settings/settings-nav';

/** Every settings page: one `<main>` with the settings tabs above the page itself. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <main className="page settings">
      <SettingsNav />
      {children}
    </main>
  );
}
