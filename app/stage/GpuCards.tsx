import { useShallow } from 'zustand/react/shallow';
import { rowRanges } from '../../src/dp/chunk';
import { useStore } from '../store/store';
import { gpuColour } from './palette';

/** One card per logical GPU with the rows of the batch it receives — torch.chunk's split. */
export function GpuCards() {
  const { gpus, batch } = useStore(useShallow((state) => ({ gpus: state.gpus, batch: state.batch })));
  const ranges = rowRanges(batch, gpus);
  return (
    <ol className="gpu-cards">
      {ranges.map((range, device) => {
        const name = `GPU ${device}`;
        const size = range ? range.end - range.start : 0;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a card's identity is its device index
          <li key={device} className={range ? 'gpu-card' : 'gpu-card idle'}>
            {/* biome-ignore lint/a11y/useSemanticElements: the page's contract names each GPU as a role="group"; a fieldset would imply form controls */}
            <div role="group" aria-label={name} style={{ borderColor: gpuColour(device) }}>
              <h3>
                <span className="gpu-swatch" style={{ background: gpuColour(device) }} aria-hidden="true" />
                {name}
              </h3>
              {range ? (
                <p>
                  <span className="nowrap">
                    {size === 1 ? `row ${range.start}` : `rows ${range.start}–${range.end - 1}`}
                  </span>{' '}
                  · <span className="nowrap">{size === 1 ? '1 sample' : `${size} samples`}</span>
                </p>
              ) : (
                <p>idle</p>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
