import { type NodeLimitFigure, nodeLimitFigure } from '../../src/cost/limits/nodeLimit';
import type { HardwarePreset } from '../../src/cost/presets';
import type { Store } from '../store/store';
import { useStore } from '../store/store';

const selectMode = (state: Store) => state.mode;
const NODES = 2;
const MACHINES = Array.from({ length: NODES }, (_, node) => `machine-${node}`);
const CELL = 22;
const GAP = 14;

/** Two machines of GPUs; the ranks that take part are filled, DDP's ring drawn through them in rank order. */
function Machines({ figure, perNode }: { figure: NodeLimitFigure; perNode: number }) {
  const machineWidth = perNode * CELL + 8;
  const at = (rank: number) => {
    const node = Math.floor(rank / perNode);
    return { x: node * (machineWidth + GAP) + 4 + (rank % perNode) * CELL + CELL / 2, y: 26 };
  };
  const ring = figure.members.filter((member) => member.active).map((member) => at(member.rank));
  const first = ring[0];
  const last = ring[ring.length - 1];
  // Rank order along the machines, then back under them from the last rank to rank 0: the ring closes.
  const path =
    figure.mode === 'ddp' && first && last && ring.length > 1
      ? `M${first.x},${first.y + 10} ${ring.map((p) => `L${p.x},${p.y + 10}`).join(' ')} L${last.x},${first.y + 18} L${first.x},${first.y + 18} Z`
      : '';
  return (
    <svg
      className="limits-nodes"
      role="img"
      aria-label={figure.sentence}
      viewBox={`0 0 ${NODES * machineWidth + GAP} 52`}
    >
      {MACHINES.map((name, node) => (
        <rect
          key={name}
          className="limits-machine"
          x={node * (machineWidth + GAP)}
          y={2}
          width={machineWidth}
          height={44}
          rx={4}
        />
      ))}
      {figure.members.map((member) => {
        const p = at(member.rank);
        return (
          <rect
            key={member.rank}
            className={member.active ? 'limits-gpu-active' : 'limits-gpu-idle'}
            x={p.x - CELL / 2 + 2}
            y={p.y - 14}
            width={CELL - 4}
            height={CELL - 4}
          >
            <title>{`Machine ${member.node}, GPU ${member.gpu}${member.active ? `: rank ${member.rank}` : ': idle'}`}</title>
          </rect>
        );
      })}
      {path ? <path className="limits-ring" d={path} fill="none" /> : null}
    </svg>
  );
}

/** Limitation 4: DataParallel cannot use a second machine; DDP's ring takes its ranks. */
export function NodeLimit({ preset }: { preset: HardwarePreset }) {
  const mode = useStore(selectMode);
  const perNode = preset.gpusPerNode;
  const figures = (['dp', 'ddp'] as const).map((m) => nodeLimitFigure(m, NODES, perNode, preset));
  return (
    <section className="limits-item" aria-label="One machine">
      <h3>4. One machine</h3>
      {figures.map((figure) => (
        <figure key={figure.mode} className={figure.mode === mode ? 'limits-current' : undefined}>
          <Machines figure={figure} perNode={perNode} />
          <figcaption className="limits-sentence">
            {figure.sentence}
            {figure.mode === mode ? ' (the mode this page is in)' : ''}
            {figure.refusal ? ` The plan refuses the rest: “${figure.refusal}”` : ''}
          </figcaption>
        </figure>
      ))}
    </section>
  );
}
