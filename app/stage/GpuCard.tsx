import { formatBytes, formatRows } from '../../src/dp/format';
import { MEMORY_CATEGORIES, memoryTotal } from '../../src/dp/memory';
import type { Phase } from '../../src/dp/phase';
import type { StepPlan } from '../../src/dp/plan';
import { cardPlot, type Rect } from './layout';
import { gpuColour } from './palette';

type Props = {
  device: number;
  card: Rect;
  plan: StepPlan;
  phase: Phase;
  /** Largest bytes any GPU holds in any phase: all memory bars share one scale. */
  memoryScale: number;
  /** What this GPU does in the current phase, in a few words. */
  activity: string;
  children?: React.ReactNode;
};

const CATEGORY_SHADES: Record<string, number> = {
  parameters: 1,
  gradients: 0.8,
  'optimizer-state': 0.65,
  input: 0.5,
  activations: 0.4,
  'gathered-outputs': 0.3,
  loss: 0.2,
};

/** One logical GPU: its chunk, what it does now, and a memory bar from the ledger. */
export function GpuCard({ device, card, plan, phase, memoryScale, activity, children }: Props) {
  const chunk = plan.chunks[device];
  const idle = chunk === undefined;
  const colour = gpuColour(device);
  const plot = cardPlot(card);
  const memory = plan.memory.gpus[device]?.byPhase[phase];
  const used = memory ? memoryTotal(memory) : 0;
  const barWidth = card.width - 20;
  let offset = 0;
  const size = chunk ? chunk.end - chunk.start : 0;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group; the page's contract names each GPU as role="group"
    <g role="group" aria-label={`GPU ${device}`} className={idle ? 'gpu idle' : 'gpu'}>
      <rect
        x={card.x}
        y={card.y}
        width={card.width}
        height={card.height}
        rx={10}
        className="gpu-frame"
        style={{ stroke: colour }}
        strokeDasharray={idle ? '6 5' : undefined}
      />
      <rect x={card.x + 10} y={card.y + 12} width={12} height={12} rx={3} fill={colour} aria-hidden="true" />
      <text x={card.x + 28} y={card.y + 23} className="gpu-name">
        GPU {device}
      </text>
      <text x={card.x + 10} y={card.y + 46} className="gpu-rows">
        {chunk
          ? `${formatRows([chunk.start, chunk.end])} · ${size} ${size === 1 ? 'sample' : 'samples'}`
          : 'idle'}
      </text>
      <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} rx={6} className="gpu-plot" />
      <text x={card.x + 10} y={card.y + 176} className="gpu-activity">
        {idle ? 'no chunk this step' : activity}
      </text>
      {children}
      <text x={card.x + 10} y={card.y + card.height - 30} className="gpu-memory-label">
        {idle ? 'memory: nothing this step' : `memory ${formatBytes(used)} · modeled`}
      </text>
      <g aria-hidden="true">
        <rect
          x={card.x + 10}
          y={card.y + card.height - 22}
          width={barWidth}
          height={10}
          rx={3}
          className="memory-track"
        />
        {memory
          ? MEMORY_CATEGORIES.map((category) => {
              const width = memoryScale > 0 ? (memory[category] / memoryScale) * barWidth : 0;
              const x = card.x + 10 + offset;
              offset += width;
              return width > 0 ? (
                <rect
                  key={category}
                  x={x}
                  y={card.y + card.height - 22}
                  width={width}
                  height={10}
                  fill={colour}
                  opacity={CATEGORY_SHADES[category] ?? 0.5}
                />
              ) : null;
            })
          : null}
      </g>
    </g>
  );
}
