import { describe, expect, it } from 'vitest';
import { modeledPhaseSpans } from './modeledSpans';
import { PHASES } from './phase';
import { buildTrace } from './trace';

describe('modeledPhaseSpans', () => {
  it('gives every phase, in order, a span that starts where the previous one could end', () => {
    const built = buildTrace({
      gpus: 3,
      batch: 10,
      model: { layers: [2, 16, 16, 2], activation: 'relu' },
      optimizer: 'sgd',
    });
    if (!built.ok) throw new Error(built.error.message);
    const spans = modeledPhaseSpans(built.value);
    expect(spans.map((span) => span.phase)).toEqual([...PHASES]);
    for (const span of spans) expect(span.endMs).toBeGreaterThanOrEqual(span.startMs);
    const forward = built.value.events.filter((event) => event.phase === 'forward');
    const span = spans.find((entry) => entry.phase === 'forward');
    expect(span?.startMs).toBe(Math.min(...forward.map((event) => event.modeledStartMs)));
    expect(span?.endMs).toBe(Math.max(...forward.map((event) => event.modeledStartMs + event.modeledMs)));
  });
});
