'use client';

import { type RefObject, useEffect, useRef } from 'react';
import type uPlot from 'uplot';

export interface UplotSetup {
  /** Options for a chart `width` pixels wide; called again only when `shapeKey` changes. */
  options(width: number, UPlot: typeof uPlot): uPlot.Options;
  data: uPlot.AlignedData;
  /** What makes a new chart necessary (the set of series); new data alone only calls `setData`. */
  shapeKey: string;
  height: number;
}

/**
 * Owns one uPlot instance in `container`: created in the browser only (uPlot measures the DOM),
 * resized with its container, fed new data with `setData` (no re-creation, no per-point React
 * work), destroyed on unmount. uplot-react was
 * considered: it re-creates the chart whenever the options object changes identity, and the
 * options here close over props that change on every refresh.
 */
export function useUplot(container: RefObject<HTMLDivElement | null>, setup: UplotSetup): void {
  const chart = useRef<uPlot | undefined>(undefined);
  const latest = useRef(setup);
  useEffect(() => {
    latest.current = setup;
  });

  const { shapeKey, data, height } = setup;
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    // uPlot draws at a fixed pixel width: follow the container (a window or grid resized) and
    // redraw only when the width actually changed (the observer also reports height changes).
    const resize = new ResizeObserver(() => {
      const current = chart.current;
      if (current && current.width !== element.clientWidth) current.setSize({ width: element.clientWidth, height: latest.current.height });
    });
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      chart.current = new UPlot(latest.current.options(element.clientWidth, UPlot), latest.current.data, element);
      resize.observe(element);
    });
    return () => {
      cancelled = true;
      resize.disconnect();
      chart.current?.destroy();
      chart.current = undefined;
    };
  }, [container, shapeKey]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  useEffect(() => {
    const element = container.current;
    if (element) chart.current?.setSize({ width: element.clientWidth, height });
  }, [container, height]);
}

/**
 * Drag across the plot to choose a time span: uPlot's selection is turned into `onSelect(fromMs,
 * toMs)` and cleared, and the page loads the narrower range (better resolution than scaling the
 * drawn points, and the URL keeps it).
 */
export function selectHook(onSelect: () => ((fromMs: number, toMs: number) => void) | undefined): (u: uPlot) => void {
  return (u) => {
    const { left, width } = u.select;
    const handler = onSelect();
    if (handler && width > 3) handler(u.posToVal(left, 'x') * 1000, u.posToVal(left + width, 'x') * 1000);
    if (width > 0) u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  };
}
