import { type RefCallback, useCallback, useState } from 'react';

/**
 * The pixel width of a chart's container, so charts draw at their real size (text stays readable from a
 * 360 px phone to a wide screen) instead of scaling a fixed viewBox. A callback ref, so the observer
 * follows the element even when it mounts late. Stays at `fallback` where ResizeObserver is missing
 * (jsdom) or before the first measurement.
 */
export function useChartWidth<T extends HTMLElement>(fallback = 320): [RefCallback<T>, number] {
  const [width, setWidth] = useState(fallback);
  const ref = useCallback((node: T | null) => {
    if (!node || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      // Whole pixels only: sub-pixel jitter would re-render the chart for nothing.
      if (measured && measured > 0) setWidth(Math.floor(measured));
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
