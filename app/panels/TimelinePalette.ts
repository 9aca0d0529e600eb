/**
 * One colour per phase for the timeline (Paul Tol's "muted" scheme, its three darkest lightened so they
 * show on the dark theme too; apart from the Okabe–Ito GPU colours). Colour is never the only cue: every bar has a title, the legend names each
 * phase, and the table beside the chart lists the phases in words.
 */
import type { Phase } from '../../src/dp/phase';

export const PHASE_COLOURS: Record<Phase, string> = {
  scatter: '#88ccee',
  replicate: '#44aa99',
  forward: '#339955',
  gather: '#6a5acd',
  loss: '#ddcc77',
  backward: '#999933',
  'reduce-add': '#cc6677',
  'optimizer-step': '#aa4477',
};

/**
 * DDP's marks: its phases in the DataParallel colours of the same work (forward, backward, the optimizer
 * step), and its ring all-reduce in reduce-add's colour — the step where DataParallel sums gradients.
 */
export const DDP_COLOURS = {
  forward: PHASE_COLOURS.forward,
  backward: PHASE_COLOURS.backward,
  'all-reduce': PHASE_COLOURS['reduce-add'],
  'optimizer-step': PHASE_COLOURS['optimizer-step'],
} as const;
