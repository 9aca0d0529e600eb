import { useMemo, useRef } from 'react';
import type { Phase } from '../../src/dp/phase';
import { PHASE_TITLES } from '../../src/dp/phase';
import { type Collective, dpPhaseView } from '../../src/dp/phaseView';
import type { ShownStep } from '../store/runSlice';
import { activity } from './activity';
import { bandLayout } from './bandLayout';
import { GpuCard } from './GpuCard';
import { ArrowHeads, MoveArrows } from './MoveArrows';
import { OutputBand } from './OutputBand';
import { phaseValues } from './phaseValues';
import { stageGeometry } from './stageGeometry';
import { usePhasePaint } from './usePhasePaint';

type Props = { shown: ShownStep; phase: Phase /** The stage box's width in CSS pixels. */; width: number };

/** Each collective's picture, in words, for the band's caption. */
const CAPTIONS: Record<Collective, string> = {
  scatter: 'scatter: the batch is cut along rows (torch.chunk)',
  broadcast: 'broadcast: copies of the weights fan out',
  gather: 'gather: outputs stack up in chunk order',
  reduce: 'reduce: gradients merge into one sum',
  'all-reduce': 'all-reduce: every rank ends with the average',
  compute: 'every busy GPU computes on what it holds',
  skipped: 'skipped: one GPU runs the module directly',
};

/**
 * The animated step, painted from the phase view: GPU 0's band with the whole-batch tensors, one card
 * per logical GPU with the tensors it holds, and an arrow with a travelling token for every copy.
 */
export function Stage({ shown, phase, width }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const { trace } = shown;
  const { plan } = trace;
  const view = useMemo(() => dpPhaseView(trace, phase, phaseValues(shown)), [trace, phase, shown]);
  const geometry = useMemo(() => stageGeometry(plan.gpus, width), [plan.gpus, width]);
  const band = useMemo(() => bandLayout(view, geometry.band), [view, geometry]);
  usePhasePaint(svg, trace, `${phase}|${shown.index}|${geometry.width}|${plan.gpus}`);
  const gpus = `${plan.gpus} ${plan.gpus === 1 ? 'GPU' : 'GPUs'}`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG figure; a <figure> cannot hold SVG content, and role="img" would hide the cards
    <svg
      ref={svg}
      width={geometry.width}
      height={geometry.height}
      viewBox={`0 0 ${geometry.width} ${geometry.height}`}
      className="stage-svg"
      role="figure"
      aria-label={`Stage: step ${shown.index + 1}, ${PHASE_TITLES[phase]}, on ${gpus}`}
      data-phase={phase}
    >
      <ArrowHeads devices={plan.gpus} />
      {geometry.cards.map((card, device) => (
        <GpuCard
          // biome-ignore lint/suspicious/noArrayIndexKey: a card's identity is its device index
          key={device}
          device={device}
          card={card}
          view={view}
          rows={(() => {
            const chunk = plan.chunks[device];
            return chunk ? [chunk.start, chunk.end] : undefined;
          })()}
          activity={activity(view, device)}
        >
          {device === view.outputDevice ? (
            <OutputBand view={view} band={geometry.band} caption={CAPTIONS[view.collective]} />
          ) : null}
        </GpuCard>
      ))}
      <MoveArrows view={view} layout={band} cards={geometry.cards} laneY={geometry.laneY} />
    </svg>
  );
}
