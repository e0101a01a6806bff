'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => undefined;

/** This page's origin (`https://vigil.example.com`); a placeholder while rendering on the server. */
export function useOrigin(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => 'https://<this dashboard>',
  );
}
