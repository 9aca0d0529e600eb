import type { DdpConstructionPhase, DdpPhase } from '../../src/dp/ddpPlan';
import type { OptimizerKind } from '../store/urlState';
import { CodeListing } from './CodeListing';
import './CodePanel.css';
import { ddpScript } from './ddpScript';

type Props = {
  gpus: number;
  batch: number;
  optimizer: OptimizerKind;
  lr: number;
  phase?: DdpPhase | DdpConstructionPhase;
};

/** The DDP script one process per GPU runs, with the line of the current phase highlighted. */
export function DdpCodePanel({ gpus, batch, optimizer, lr, phase }: Props) {
  const lines = ddpScript(gpus, batch, optimizer, lr);
  return (
    <section className="panel code-panel" aria-label="PyTorch code" data-tour="code">
      <h2>The code that runs, on every rank</h2>
      <CodeListing lines={lines} phase={phase} />
    </section>
  );
}
