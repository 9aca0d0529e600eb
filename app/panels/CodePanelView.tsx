import { useStore } from '../store/store';
import { CodePanel } from './CodePanel';

/** The code panel wired to the store: the current phase, optimizer and learning rate. */
export function CodePanelView() {
  const phase = useStore((state) => state.phase);
  const optimizer = useStore((state) => state.optimizer);
  const lr = useStore((state) => state.lr);
  return <CodePanel phase={phase} optimizer={optimizer} lr={lr} />;
}
