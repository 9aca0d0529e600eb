import { type RefObject, useEffect, useRef, useState } from 'react';

/**
 * The pixel width of a chart's container, so charts draw at their real size (text stays readable from a
 * 360 px phone to a wide screen) instead of scaling a fixed viewBox. Falls back to `fallback` where
 * ResizeObserver is missing (jsdom) or before the first measurement.
 */
export function useChartWidth<T extends HTMLElement>(fallback = 320): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const node = ref.current;
    if (!node || typeof ResizeObserver === 'undefined') return;
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
