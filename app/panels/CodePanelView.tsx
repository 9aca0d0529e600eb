import { useStore } from '../store/store';
import { CodePanel } from './CodePanel';
import { DdpCodePanel } from './DdpCodePanel';

/** The code panel wired to the store: the current phase, optimizer and learning rate; the DDP script in DDP mode. */
export function CodePanelView() {
  const phase = useStore((state) => state.phase);
  const optimizer = useStore((state) => state.optimizer);
  const lr = useStore((state) => state.lr);
  const mode = useStore((state) => state.mode);
  const gpus = useStore((state) => state.gpus);
  const batch = useStore((state) => state.batch);
  if (mode === 'ddp') return <DdpCodePanel gpus={gpus} batch={batch} optimizer={optimizer} lr={lr} />;
  return <CodePanel phase={phase} optimizer={optimizer} lr={lr} />;
}
