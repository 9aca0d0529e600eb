import { useEffect } from 'react';
import { BatchInput } from './controls/BatchInput';
import { GpuSlider } from './controls/GpuSlider';
import { EngineBadge } from './EngineBadge';
import { Notices } from './Notices';
import { GpuCards } from './stage/GpuCards';
import { useStore } from './store/store';
import { useUrlSync } from './store/useUrlSync';

export function App() {
  useUrlSync();
  const detectEngine = useStore((state) => state.detectEngine);
  useEffect(() => {
    void detectEngine();
  }, [detectEngine]);

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>DataParallel Playground</h1>
          <p className="tagline">Watch PyTorch's nn.DataParallel split one training step across GPUs.</p>
        </div>
        <EngineBadge />
      </header>
      <Notices />
      <main>
        <section className="controls" aria-label="Settings">
          <GpuSlider />
          <BatchInput />
        </section>
        <section className="stage" aria-label="Stage">
          <GpuCards />
        </section>
      </main>
    </div>
  );
}
