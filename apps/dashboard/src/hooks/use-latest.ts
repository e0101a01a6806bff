'use client';

import { type RefObject, useEffect, useRef } from 'react';

/** A ref that always holds the latest `value`, for callbacks handed to non-React code (uPlot, EventSource). */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
