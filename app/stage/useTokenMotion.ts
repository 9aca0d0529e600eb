import { easeCubicInOut } from 'd3-ease';
import { type RefObject, useEffect } from 'react';
import { useStoreApi } from '../store/store';

/** How far before its end a phase rests (see the playback slice): events ending then count as done. */
const REST_MS = 1;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * Moves the stage's animated marks as the playback cursor moves, without re-rendering React: a store
 * subscription (zustand's transient update) writes attributes on the marks React rendered.
 *
 * Marks declare their timing with `data-start` / `data-duration` (playback ms, from the trace event):
 * - `data-from="x,y" data-to="x,y"`: a token travelling between two points;
 * - `data-grow="width"`: a bar filling up to `width`;
 * - `data-reveal`: hidden until its event is done;
 * - `data-vanish`: gone once its event is done (a token that has delivered what it carried).
 * With reduced motion every mark of the current phase shows its end state: jumps, no tweening.
 */
export function useTokenMotion(svg: RefObject<SVGSVGElement | null>, renderKey: unknown): void {
  const store = useStoreApi();
  // biome-ignore lint/correctness/useExhaustiveDependencies: renderKey names the rendered marks; collect them again when it changes
  useEffect(() => {
    const root = svg.current;
    if (!root) return;
    const marks = Array.from(root.querySelectorAll<SVGElement>('[data-start]')).map((element) => {
      const [x0 = 0, y0 = 0] = (element.dataset.from ?? '').split(',').map(Number);
      const [x1 = 0, y1 = 0] = (element.dataset.to ?? '').split(',').map(Number);
      return {
        element,
        start: Number(element.dataset.start),
        duration: Number(element.dataset.duration),
        travels: element.dataset.from !== undefined,
        grow: element.dataset.grow === undefined ? undefined : Number(element.dataset.grow),
        reveal: element.dataset.reveal !== undefined,
        vanish: element.dataset.vanish !== undefined,
        x0,
        y0,
        x1,
        y1,
      };
    });
    const paint = (cursor: number, reduced: boolean) => {
      for (const mark of marks) {
        const raw = mark.duration > 0 ? (cursor - mark.start) / mark.duration : cursor >= mark.start ? 1 : 0;
        const progress = reduced ? 1 : clamp01(raw);
        if (mark.travels) {
          const eased = easeCubicInOut(progress);
          const x = mark.x0 + (mark.x1 - mark.x0) * eased;
          const y = mark.y0 + (mark.y1 - mark.y0) * eased;
          mark.element.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)})`);
        }
        if (mark.grow !== undefined) mark.element.setAttribute('width', (mark.grow * progress).toFixed(1));
        // Done at the phase's resting position too (1 ms before the slot ends), where Next phase stops.
        const done = reduced || cursor >= mark.start + mark.duration - REST_MS;
        if (mark.reveal) mark.element.style.opacity = done ? '1' : '0';
        if (mark.vanish) mark.element.style.opacity = done ? '0' : '1';
      }
    };
    const state = store.getState();
    paint(state.cursor, state.reducedMotion);
    return store.subscribe((next, previous) => {
      if (next.cursor !== previous.cursor || next.reducedMotion !== previous.reducedMotion) {
        paint(next.cursor, next.reducedMotion);
      }
    });
  }, [store, svg, renderKey]);
}
