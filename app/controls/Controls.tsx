import { BatchInput } from './BatchInput';
import { GpuSlider } from './GpuSlider';
import { TrainingSettings } from './TrainingSettings';

/** The settings bar: GPUs, batch, and what is trained. */
export function Controls() {
  return (
    <section className="controls" aria-label="Settings" data-tour="settings">
      <GpuSlider />
      <BatchInput />
      <TrainingSettings />
    </section>
  );
}
