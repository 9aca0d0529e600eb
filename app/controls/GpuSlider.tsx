import { useId } from 'react';
import { MAX_GPUS } from '../../src/dp/chunk';
import { useStore } from '../store/store';

/** The GPUs slider (1–8): how many logical GPUs the one adapter is carved into. */
export function GpuSlider() {
  const gpus = useStore((state) => state.gpus);
  const setGpus = useStore((state) => state.setGpus);
  const id = useId();
  return (
    <div className="control" data-tour="gpus-slider">
      <label htmlFor={id}>GPUs</label>
      <input
        id={id}
        type="range"
        min={1}
        max={MAX_GPUS}
        step={1}
        value={gpus}
        onChange={(event) => setGpus(Number(event.currentTarget.value))}
      />
      <output htmlFor={id} className="control-value">
        {gpus}
      </output>
    </div>
  );
}
