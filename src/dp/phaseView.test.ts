import { describe, expect, it } from 'vitest';
import { PHASES, type Phase } from './phase';
import { dpPhaseView, type PhaseValues, type PhaseView } from './phaseView';
import { buildTrace, type StepTrace } from './trace';

function trace(gpus: number, batch: number): StepTrace {
  const result = buildTrace({
    gpus,
    batch,
    model: { layers: [2, 16, 16, 2], activation: 'relu' },
    optimizer: 'sgd',
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const values: PhaseValues = {
  loss: 0.69,
  replicaGrads: [0.0033, -0.00904, -0.00174],
  summedGrad: -0.00748,
  singleGrad: -0.00748,
  maxAbsDiff: 7.5e-9,
  weightBefore: 0.5789,
  weightAfter: 0.5796,
};

function ids(view: PhaseView<Phase>): string[] {
  return view.objects.map((object) => object.id);
}

function moves(view: PhaseView<Phase>): string[] {
  return view.moves.map((move) => `${move.kind} ${move.from}→${move.to} ${move.label}`);
}

describe('dpPhaseView', () => {
  it('(3, 10): scatter cuts the batch strip into chunks of 4, 4, 2 that travel to their GPUs', () => {
    const view = dpPhaseView(trace(3, 10), 'scatter', values);
    expect(view.collective).toBe('scatter');
    const batch = view.objects.find((object) => object.id === 'batch');
    expect(batch?.shape).toEqual([10, 2]);
    expect(batch?.parts?.map((part) => [part.device, part.rows])).toEqual([
      [0, [0, 4]],
      [1, [4, 8]],
      [2, [8, 10]],
    ]);
    expect(moves(view)).toEqual(['stay 0→0 x[0:4]', 'split 0→1 x[4:8]', 'split 0→2 x[8:10]']);
    const chunk = view.objects.find((object) => object.id === 'chunk:gpu2');
    expect(chunk).toMatchObject({ device: 2, shape: [2, 2], life: 'arrives', eventId: 'scatter:gpu2' });
  });

  it('(3, 10): replicate fans copies out; replica 0 shares GPU 0’s storage', () => {
    const view = dpPhaseView(trace(3, 10), 'replicate', values);
    expect(view.collective).toBe('broadcast');
    expect(moves(view)).toEqual([
      'stay 0→0 replica 0 = originals',
      'fan-out 0→1 weights',
      'fan-out 0→2 weights',
    ]);
    expect(view.objects.find((object) => object.id === 'replica:gpu0')).toMatchObject({
      life: 'shared',
      sharesWith: 'weights:gpu0',
    });
    expect(view.objects.find((object) => object.id === 'replica:gpu1')).toMatchObject({
      life: 'arrives',
      value: 0.5789,
    });
  });

  it('(3, 10): gather stacks the outputs on the output device in chunk order', () => {
    const view = dpPhaseView(trace(3, 10), 'gather', values);
    const gathered = view.objects.find((object) => object.id === 'gathered');
    expect(gathered).toMatchObject({ device: 0, shape: [10, 2] });
    expect(gathered?.parts?.map((part) => part.device)).toEqual([0, 1, 2]);
    expect(moves(view)).toEqual(['stay 0→0 out[0:4]', 'stack 1→0 out[4:8]', 'stack 2→0 out[8:10]']);
  });

  it('(3, 10): the loss arrives on GPU 0 with its value; replicas fade after backward', () => {
    const loss = dpPhaseView(trace(3, 10), 'loss', values);
    expect(loss.objects.find((object) => object.id === 'loss')).toMatchObject({
      device: 0,
      value: 0.69,
      life: 'arrives',
    });
    const backward = dpPhaseView(trace(3, 10), 'backward', values);
    const replicas = backward.objects.filter((object) => object.id.startsWith('replica:'));
    expect(replicas.map((replica) => [replica.life, replica.eventId])).toEqual([
      ['shared', 'backward:gpu0'],
      ['fades', 'backward:gpu1'],
      ['fades', 'backward:gpu2'],
    ]);
    expect(
      backward.objects.filter((object) => object.kind === 'gradients').map((object) => object.value),
    ).toEqual([0.0033, -0.00904, -0.00174]);
  });

  it('(3, 10): reduce-add keeps each gradient on its card and merges them into Σ beside the 1-GPU value', () => {
    const view = dpPhaseView(trace(3, 10), 'reduce-add', values);
    expect(view.collective).toBe('reduce');
    expect(
      view.objects.filter((object) => object.kind === 'gradients').map((object) => object.device),
    ).toEqual([0, 1, 2]);
    expect(view.objects.find((object) => object.id === 'sum')).toMatchObject({
      device: 0,
      value: -0.00748,
      reference: { label: '1 GPU', value: -0.00748, maxAbsDiff: 7.5e-9 },
    });
    expect(view.moves.map((move) => `${move.kind} ${move.from}→${move.to}`)).toEqual([
      'stay 0→0',
      'merge 1→0',
      'merge 2→0',
    ]);
  });

  it('(3, 10): the optimizer step changes GPU 0’s weight from old to new; no replica is left', () => {
    const view = dpPhaseView(trace(3, 10), 'optimizer-step', values);
    expect(view.objects.find((object) => object.id === 'weights:gpu0')).toMatchObject({
      before: 0.5789,
      value: 0.5796,
      eventId: 'optimizer-step:gpu0',
    });
    expect(ids(view).some((id) => id.startsWith('replica:'))).toBe(false);
    expect(view.result).toBe('w 0.5789 → 0.5796');
  });

  it('(8, 10): chunks of 2 on GPUs 0–4, GPUs 5–7 idle with no objects or moves', () => {
    const t = trace(8, 10);
    expect(dpPhaseView(t, 'scatter').idle).toEqual([5, 6, 7]);
    for (const phase of PHASES) {
      const view = dpPhaseView(t, phase);
      expect(view.objects.every((object) => object.device < 5)).toBe(true);
      expect(view.moves.every((move) => move.from < 5 && move.to < 5)).toBe(true);
    }
    const chunks = dpPhaseView(t, 'scatter').objects.filter((object) => object.kind === 'chunk');
    expect(chunks.map((chunk) => chunk.shape[0])).toEqual([2, 2, 2, 2, 2]);
  });

  it('(4, 3): one row on each of GPUs 0–2, GPU 3 idle; replicate fans out to 2 GPUs only', () => {
    const t = trace(4, 3);
    expect(dpPhaseView(t, 'scatter').idle).toEqual([3]);
    expect(moves(dpPhaseView(t, 'replicate')).filter((move) => move.startsWith('fan-out'))).toHaveLength(2);
    expect(
      dpPhaseView(t, 'gather')
        .objects.find((object) => object.id === 'gathered')
        ?.parts?.map((part) => part.rows),
    ).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('(1, 32): the one-GPU shortcut skips replicate, gather and reduce-add and keeps .grad on GPU 0', () => {
    const t = trace(1, 32);
    expect(PHASES.filter((phase) => dpPhaseView(t, phase).collective === 'skipped')).toEqual([
      'replicate',
      'gather',
      'reduce-add',
    ]);
    expect(ids(dpPhaseView(t, 'replicate'))).toEqual(['chunk:gpu0', 'weights:gpu0']);
    expect(ids(dpPhaseView(t, 'loss'))).toEqual(['chunk:gpu0', 'weights:gpu0', 'outputs:gpu0', 'loss']);
    expect(dpPhaseView(t, 'optimizer-step').objects.map((object) => object.name)).toEqual(['model', '.grad']);
    for (const phase of PHASES) {
      expect(
        dpPhaseView(t, phase).moves.every((move) => move.kind === 'stay' || move.kind === 'compute'),
      ).toBe(true);
    }
  });
});
