'use client';

import { useEffect } from 'react';

/**
 * Mirrors a page's state into the address bar (replacing the entry, so Back leaves the page
 * rather than stepping through every keystroke), which makes every view a shareable link.
 */
export function useUrlSync(params: URLSearchParams): void {
  const search = params.toString();
  useEffect(() => {
    const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(window.history.state, '', url);
  }, [search]);
}
