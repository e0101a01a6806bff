'use client';

import type { SessionUser } from '@vigil/contracts';
import { createContext, useContext } from 'react';

export interface SessionContextValue {
  user: SessionUser;
  /** The project every page reads; chosen in the header's project switcher. */
  projectId: string;
  /** Loads the person's organizations, projects and roles again (after creating a project, say). */
  reload(): void;
}

export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** The signed-in person and their current project; only inside the signed-in shell. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() is used outside <SessionShell>');
  return value;
}
