import type { Phase } from '../../src/dp/phase';
import type { OptimizerKind } from '../store/urlState';
import { CodeListing } from './CodeListing';
import './CodePanel.css';
import { INSIDE_BACKWARD, INSIDE_FORWARD, type InnerCall, trainingLoop } from './trainingLoop';

type Props = { phase: Phase; optimizer: OptimizerKind; lr: number };

function InnerCalls({ calls, phase }: { calls: readonly InnerCall[]; phase: Phase }) {
  return (
    <ol className="inner-calls">
      {calls.map((call) => (
        <li key={call.name} aria-current={call.phase === phase ? 'step' : undefined}>
          {call.name}
        </li>
      ))}
    </ol>
  );
}

/** The PyTorch loop, with the line that causes the current phase highlighted. */
export function CodePanel({ phase, optimizer, lr }: Props) {
  const lines = trainingLoop(optimizer, lr);
  const inForward = INSIDE_FORWARD.some((call) => call.phase === phase);
  const inBackward = INSIDE_BACKWARD.some((call) => call.phase === phase);
  return (
    <section className="panel code-panel" aria-label="PyTorch code" data-tour="code">
      <h2>The code that runs</h2>
      <CodeListing lines={lines} phase={phase} />
      {inForward ? (
        <div className="inside">
          <p>
            Inside <code>model(x)</code>, DataParallel runs:
          </p>
          <InnerCalls calls={INSIDE_FORWARD} phase={phase} />
        </div>
      ) : null}
      {inBackward ? (
        <div className="inside">
          <p>
            Inside <code>loss.backward()</code>, autograd runs:
          </p>
          <InnerCalls calls={INSIDE_BACKWARD} phase={phase} />
        </div>
      ) : null}
    </section>
  );
}
