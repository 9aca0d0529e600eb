import { BatchInput } from './BatchInput';
import { GpuSlider } from './GpuSlider';
import { TrainingSettings } from './TrainingSettings';

/**
 * The settings bar: the GPUs slider and the batch up front; what is trained (data set, optimizer,
 * learning rate, seed) folded into "Advanced", so the stage fits on the first screen.
 */
export function Controls() {
  return (
    <section className="controls" aria-label="Settings" data-tour="settings">
      <GpuSlider />
      <BatchInput />
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="advanced-settings">
          <TrainingSettings />
        </div>
      </details>
    </section>
  );
}
