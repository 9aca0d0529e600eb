import { describe, expect, it } from 'vitest';
import { ddpBeats } from './ddpBeats';

describe('ddpBeats', () => {
  it('has forward, backward, 2(N−1) ring rounds and the optimizer step', () => {
    const beats = ddpBeats(3, false);
    expect(beats.map((b) => ('round' in b ? `ring ${b.round}` : b.phase))).toEqual([
      'forward',
      'ring -1',
      'ring 0',
      'ring 1',
      'ring 2',
      'ring 3',
      'optimizer-step',
    ]);
  });

  it('shows the construction broadcast only when the model was just wrapped', () => {
    expect(ddpBeats(1, true).map((b) => b.phase)).toEqual([
      'construction-broadcast',
      'forward',
      'backward-all-reduce',
      'optimizer-step',
    ]);
  });
});
