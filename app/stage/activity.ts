/**
 * A few words per GPU for the current phase, read off the phase view (which GPU sends, receives or
 * computes what). The phase view decides; this only phrases it for a card.
 */
import type { PhaseView } from '../../src/dp/phaseView';

/** What `device` does in `view`'s phase. */
export function activity(view: PhaseView, device: number): string {
  if (view.collective === 'skipped') return 'skipped with 1 GPU';
  const home = device === view.outputDevice;
  const receives = view.moves.some((move) => move.to === device && move.from !== device);
  const sends = view.moves.some((move) => move.from === device && move.to !== device);
  const computes = view.moves.some((move) => move.kind === 'compute' && move.to === device);
  const involved = view.moves.some((move) => move.to === device || move.from === device);
  if (!involved) return view.phase === 'optimizer-step' ? 'waits for the next replicate' : 'waits';
  switch (view.collective) {
    case 'scatter':
      return receives ? 'receives its chunk' : 'keeps its chunk here';
    case 'broadcast': {
      const sender = view.moves.find((move) => move.to === device && move.from !== device)?.from;
      return sender !== undefined
        ? `gets GPU ${sender}'s weights`
        : sends
          ? 'sends the weights'
          : 'holds the originals';
    }
    case 'gather':
      return home ? 'stacks outputs in order' : 'sends its outputs';
    case 'reduce':
      return home ? 'sums every gradient' : 'sends its gradients';
    case 'all-reduce':
      return sends ? 'passes a share on' : 'receives a share';
    default:
      return computes ? `runs ${view.phase.replaceAll('-', ' ')}` : 'waits';
  }
}
