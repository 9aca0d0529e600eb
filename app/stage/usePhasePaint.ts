import { easeCubicInOut } from 'd3-ease';
import { type RefObject, useEffect } from 'react';
import { frameAt, type Playable } from '../../src/dp/playback';
import { useStoreApi } from '../store/store';

/**
 * How a mark follows its event (`data-motion`):
 * - `travel`: moves from `data-from="x,y"` to `data-to="x,y"` while the event runs, gone once done;
 * - `arrive`: hidden until the event is done (a copy landed, a kernel's result);
 * - `leave`: shown until the event is done (an old value the event replaces);
 * - `fade`: dims once the event is done (a replica thrown away after backward);
 * - `grow`: a bar whose width follows the event's progress up to `data-width`.
 */
type Motion = 'travel' | 'arrive' | 'leave' | 'fade' | 'grow';

type Mark = {
  element: SVGElement;
  eventId: string;
  motion: Motion;
  from: [number, number];
  to: [number, number];
  width: number;
};

function point(text: string | undefined): [number, number] {
  const [x = 0, y = 0] = (text ?? '').split(',').map(Number);
  return [x, y];
}

function collect(root: SVGSVGElement): Mark[] {
  return Array.from(root.querySelectorAll<SVGElement>('[data-event]')).map((element) => ({
    element,
    eventId: element.dataset.event ?? '',
    motion: (element.dataset.motion ?? 'arrive') as Motion,
    from: point(element.dataset.from),
    to: point(element.dataset.to),
    width: Number(element.dataset.width ?? 0),
  }));
}

function paintMark(mark: Mark, progress: number): void {
  const done = progress >= 1;
  const { element } = mark;
  switch (mark.motion) {
    case 'travel': {
      const eased = easeCubicInOut(progress);
      const x = mark.from[0] + (mark.to[0] - mark.from[0]) * eased;
      const y = mark.from[1] + (mark.to[1] - mark.from[1]) * eased;
      element.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)})`);
      element.style.opacity = progress <= 0 || done ? '0' : '1';
      return;
    }
    case 'arrive':
      element.style.opacity = done ? '1' : '0';
      return;
    case 'leave':
      element.style.opacity = done ? '0' : '1';
      return;
    case 'fade':
      element.style.opacity = done ? '0.3' : '1';
      return;
    case 'grow':
      element.setAttribute('width', (mark.width * progress).toFixed(1));
      return;
  }
}

/**
 * A picture held still (a DDP beat, stepped by hand): the events already done show their end state,
 * and the copies of the beat on show stop halfway along their arrows, so what moves stays readable.
 */
export type StillFrame = { done: ReadonlySet<string>; moving: ReadonlySet<string> };

function paintStill(marks: readonly Mark[], still: StillFrame): void {
  for (const mark of marks) {
    const moving = still.moving.has(mark.eventId);
    if (mark.motion === 'travel') paintMark(mark, moving ? 0.5 : 1);
    else paintMark(mark, moving || still.done.has(mark.eventId) ? 1 : 0);
  }
}

/**
 * Paints the stage's marks from the playback cursor without re-rendering React: a store subscription
 * (zustand's transient update) computes `frameAt(trace, cursor)` and sets every mark, registered by its
 * `data-event` id, from that event's progress. With reduced motion every mark shows its end state.
 * Given a still frame instead of a trace, it paints that once.
 */
export function usePhasePaint(
  svg: RefObject<SVGSVGElement | null>,
  trace: Playable<string> | StillFrame | undefined,
  renderKey: unknown,
): void {
  const store = useStoreApi();
  // biome-ignore lint/correctness/useExhaustiveDependencies: renderKey names the rendered marks; collect them again when it changes
  useEffect(() => {
    const root = svg.current;
    if (!root || !trace) return;
    const marks = collect(root);
    if ('done' in trace) {
      paintStill(marks, trace);
      return;
    }
    const paint = (cursor: number, reduced: boolean) => {
      const progress = new Map(
        frameAt(trace, cursor).events.map((entry) => [entry.event.id, entry.progress]),
      );
      // A mark whose event is not in the frame belongs to a phase already over: its end state.
      for (const mark of marks) paintMark(mark, reduced ? 1 : (progress.get(mark.eventId) ?? 1));
    };
    const state = store.getState();
    paint(state.cursor, state.reducedMotion);
    return store.subscribe((next, previous) => {
      if (next.cursor !== previous.cursor || next.reducedMotion !== previous.reducedMotion) {
        paint(next.cursor, next.reducedMotion);
      }
    });
  }, [store, svg, trace, renderKey]);
}
