import type { ReactNode } from 'react';
import { SessionShell } from '../../components/layout/session-shell';

/** Every page behind sign-in shares the header and the session. */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return <SessionShell>{children}</SessionShell>;
}
