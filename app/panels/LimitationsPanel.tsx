import { useId, useState } from 'react';
import { isPresetId, PRESETS, type PresetId } from '../../src/cost/presets';
import { BottleneckLimit } from './BottleneckLimit';
import { MemoryLimit } from './MemoryLimit';
import { NodeLimit } from './NodeLimit';
import { ScalingLimit } from './ScalingLimit';
import './limitations.css';

const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

/**
 * The seed's four limitations of DataParallel as experiments, one figure each, every sentence computed
 * from its figure; modeled numbers name their hardware, measured ones say "this browser".
 */
export function LimitationsPanel() {
  const [presetId, setPresetId] = useState<PresetId>('v100-nvlink');
  const field = useId();
  const preset = PRESETS[presetId];
  return (
    <section className="panel limitations" aria-label="Limitations">
      <h2>Limitations</h2>
      <div className="panel-fields">
        <label htmlFor={field}>Hardware</label>
        <select
          id={field}
          value={presetId}
          onChange={(event) => isPresetId(event.target.value) && setPresetId(event.target.value)}
        >
          {PRESET_IDS.map((id) => (
            <option key={id} value={id}>
              {PRESETS[id].label}
            </option>
          ))}
        </select>
      </div>
      <div className="limits-items">
        <BottleneckLimit preset={preset} />
        <ScalingLimit preset={preset} />
        <MemoryLimit preset={preset} />
        <NodeLimit preset={preset} />
      </div>
    </section>
  );
}
