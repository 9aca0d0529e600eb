import { useMemo, useRef } from 'react';
import type { Collective, PhaseView } from '../../src/dp/phaseView';
import type { Playable } from '../../src/dp/playback';
import { activity } from './activity';
import { bandLayout } from './bandLayout';
import { GpuCard } from './GpuCard';
import { ArrowHeads, MoveArrows } from './MoveArrows';
import { OutputBand } from './OutputBand';
import { stageGeometry } from './stageGeometry';
import { type StillFrame, usePhasePaint } from './usePhasePaint';

type Props = {
  view: PhaseView;
  /** The stage's accessible name, e.g. "Stage: step 1, Scatter, on 4 GPUs". */
  label: string;
  /** The stage box's width in CSS pixels. */
  width: number;
  /** Each GPU's rows of the batch this step, `undefined` for an idle one. */
  rows: readonly ([number, number] | undefined)[];
  /** What sets the marks: a trace played by the store's cursor, or a picture held still. */
  paint: Playable<string> | StillFrame;
  /** Changes whenever the rendered marks change (they are collected again). */
  paintKey: string;
};

/** Each collective's picture, in words, for the band's caption. */
const CAPTIONS: Record<Collective, string> = {
  scatter: 'scatter: the batch is cut along rows (torch.chunk)',
  broadcast: 'broadcast: copies of the weights fan out',
  gather: 'gather: outputs stack up in chunk order',
  reduce: 'reduce: gradients merge into one sum',
  'all-reduce': 'all-reduce: each rank passes a share to the next',
  compute: 'every busy GPU computes on what it holds',
  skipped: 'skipped: one GPU runs the module directly',
};

/**
 * Any phase view, painted: the top band (the output device's whole-batch tensors, or — with no output
 * device — what every rank shares), one card per logical GPU with the tensors it holds, and an arrow
 * with a travelling token for every copy. DataParallel and DDP both come through here.
 */
export function StageDrawing({ view, label, width, rows, paint, paintKey }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const geometry = useMemo(() => stageGeometry(view.devices, width), [view.devices, width]);
  const band = useMemo(() => bandLayout(view, geometry.band), [view, geometry]);
  // The band's value leaves the cards, except the weights: their block stays, the band shows the update.
  const inBand = useMemo(() => {
    const value = band.value?.object;
    return new Set(value && value.kind !== 'weights' ? [value.id] : []);
  }, [band]);
  usePhasePaint(svg, paint, `${paintKey}|${geometry.width}|${view.devices}`);
  const home = view.outputDevice ?? 0;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG figure; a <figure> cannot hold SVG content, and role="img" would hide the cards
    <svg
      ref={svg}
      width={geometry.width}
      height={geometry.height}
      viewBox={`0 0 ${geometry.width} ${geometry.height}`}
      className="stage-svg"
      role="figure"
      aria-label={label}
      data-phase={view.phase}
    >
      <ArrowHeads devices={view.devices} />
      {geometry.cards.map((card, device) => (
        <GpuCard
          // biome-ignore lint/suspicious/noArrayIndexKey: a card's identity is its device index
          key={device}
          device={device}
          card={card}
          view={view}
          inBand={inBand}
          rows={rows[device]}
          activity={activity(view, device)}
        >
          {device === home ? (
            <OutputBand view={view} layout={band} band={geometry.band} caption={CAPTIONS[view.collective]} />
          ) : null}
        </GpuCard>
      ))}
      <MoveArrows view={view} layout={band} cards={geometry.cards} laneY={geometry.laneY} />
    </svg>
  );
}
