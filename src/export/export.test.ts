import { describe, expect, it } from 'vitest';
import { base64, float32Bytes, pythonBase64, scaledUint8Bytes, uint16Bytes } from './encode';
import { exportFiles } from './exportFiles';
import { describeRun, type ExportSettings } from './exportRun';
import { notebookJson } from './notebook';
import { pageRun } from './pageRun.testing';
import { trainDdpScript } from './trainDdp';
import { trainDpScript } from './trainDp';

const SPIRAL: ExportSettings = {
  dataset: 'spiral',
  gpus: 3,
  batch: 10,
  optimizer: 'sgd',
  lr: 0.1,
  seed: 1,
  mode: 'dp',
  steps: 45,
};

/** The batches an export replays: consecutive slices of each epoch's order. */
function exportedBatches(orders: Uint32Array[], rows: number): number[][] {
  return orders.flatMap((order) => {
    const batches: number[][] = [];
    for (let start = 0; start < order.length; start += rows) {
      batches.push(Array.from(order.subarray(start, start + rows)));
    }
    return batches;
  });
}

describe('encode', () => {
  it('writes the same base64 as Node for every padding case', () => {
    for (let length = 0; length < 8; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 13) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('stores float32 and uint16 little-endian and refuses what does not fit', () => {
    expect(Array.from(float32Bytes([1]))).toEqual([0, 0, 0x80, 0x3f]);
    expect(Array.from(uint16Bytes([0x1234]))).toEqual([0x34, 0x12]);
    expect(() => uint16Bytes([70_000])).toThrow(RangeError);
    expect(Array.from(scaledUint8Bytes([0, 0.5, 1], 16) ?? [])).toEqual([0, 8, 16]);
    expect(scaledUint8Bytes([0.3], 16)).toBeNull();
  });

  it('wraps long base64 into concatenated literals that join back to the whole', () => {
    const bytes = Uint8Array.from({ length: 500 }, (_, i) => i & 255);
    const literal = pythonBase64(bytes);
    const joined = [...literal.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('');
    expect(literal.startsWith('(\n')).toBe(true);
    expect(joined).toBe(base64(bytes));
  });
});

describe('describeRun', () => {
  it("replays the page trainer's batches and initial weights exactly", async () => {
    const page = await pageRun(SPIRAL);
    expect(exportedBatches(page.run.epochOrders, page.run.batchRows)).toEqual(
      page.batches.map((rows) => Array.from(rows)),
    );
    expect(page.run.initialParams).toEqual(page.initial);
    expect(page.run.pageLastLoss).toEqual({ step: 45, loss: page.losses[44] });
    // 400 rows in batches of 10 on 3 GPUs: 4, 4, 2 — DP and DDP weigh the samples differently.
    expect(page.run.equalChunks).toBe(false);
  });

  it('knows when every step splits into equal chunks (DP and DDP then agree)', async () => {
    const even = await pageRun({ ...SPIRAL, batch: 9, steps: 44 });
    expect(even.run.equalChunks).toBe(true);
    // Step 45 is the epoch's last 4 rows: chunks 2, 2 and an idle third GPU.
    const tail = await pageRun({ ...SPIRAL, batch: 9, steps: 45 });
    expect(tail.run.equalChunks).toBe(false);
    expect(tail.run.epochOrders.map((order) => order.length)).toEqual([400]);
  });

  it('refuses an export of no steps', async () => {
    const { run } = await pageRun({ ...SPIRAL, steps: 1 });
    expect(() => describeRun({ ...run, settings: { ...SPIRAL, steps: 0 }, history: [] })).toThrow(RangeError);
  });
});

describe('the exported files', () => {
  it('name the settings, the command and the page loss they compare with', async () => {
    const { run, losses } = await pageRun({ ...SPIRAL, steps: 12 });
    const files = exportFiles(run.settings.gpus);
    expect(files.map((file) => file.build(run))).toEqual([
      trainDpScript(run),
      trainDdpScript(run),
      notebookJson(run),
    ]);
    expect(files.map((file) => [file.name, file.command])).toEqual([
      ['train_dp.py', 'python train_dp.py'],
      ['train_ddp.py', 'torchrun --standalone --nproc_per_node=3 train_ddp.py'],
      ['dataparallel_playground.ipynb', 'jupyter notebook dataparallel_playground.ipynb'],
    ]);
    const settingsLine =
      'SETTINGS = {"dataset": "spiral", "gpus": 3, "batch": 10, "optimizer": "sgd", "lr": 0.1, "seed": 1, "mode": "dp", "steps": 12}';
    expect(trainDpScript(run)).toContain(settingsLine);
    expect(trainDpScript(run)).toContain(`PAGE_LAST_LOSS = (12, ${losses[11]})`);
    expect(trainDpScript(run)).toContain('torch.optim.SGD(parameters, lr=0.1)');
    // The page trained DP with chunks 4, 4, 2: DDP's losses are not the page's, and the file says so.
    expect(trainDdpScript(run)).toContain('PAGE_LAST_LOSS = None');
    expect(trainDdpScript(run)).toMatch(/PAGE_NOTE = "The page trained in DataParallel mode/);
  });

  it("spell out the page's optimizers with PyTorch's arguments", async () => {
    const momentum = await pageRun({ ...SPIRAL, optimizer: 'momentum', lr: 0.05, steps: 1 });
    expect(trainDpScript(momentum.run)).toContain(
      'torch.optim.SGD(parameters, lr=0.05, momentum=0.9, dampening=0)',
    );
    const adam = await pageRun({ ...SPIRAL, optimizer: 'adam', lr: 0.01, steps: 1 });
    expect(trainDpScript(adam.run)).toContain(
      'torch.optim.Adam(parameters, lr=0.01, betas=(0.9, 0.999), eps=1e-8)',
    );
  });

  it('embed the digits as pixel counts and planar points as float32', async () => {
    const digits = await pageRun({ ...SPIRAL, dataset: 'digits', steps: 1 });
    expect(trainDpScript(digits.run)).toMatch(/TRAIN_X = torch\.tensor\(_values\("B", .*\.div\(16\)/s);
    expect(trainDpScript(digits.run)).toContain('LAYERS = [64, 32, 10]');
    const spiral = await pageRun({ ...SPIRAL, steps: 1 });
    expect(trainDpScript(spiral.run)).toMatch(/TRAIN_X = torch\.tensor\(_values\("f", /);
  });

  it('make an nbformat 4 notebook whose code cells are plain Python', async () => {
    const { run } = await pageRun({ ...SPIRAL, steps: 3 });
    const notebook = JSON.parse(notebookJson(run));
    expect(notebook.nbformat).toBe(4);
    expect(notebook.metadata.kernelspec.name).toBe('python3');
    const ids = notebook.cells.map((cell: { id: string }) => cell.id);
    expect(new Set(ids).size).toBe(ids.length);
    const code = notebook.cells.filter((cell: { cell_type: string }) => cell.cell_type === 'code');
    for (const cell of code) {
      expect(cell.outputs).toEqual([]);
      expect(cell.execution_count).toBeNull();
      for (const line of cell.source as string[]) expect(line).not.toMatch(/^[!%]/);
    }
    const text = code.map((cell: { source: string[] }) => cell.source.join('')).join('\n');
    for (const step of [
      'nvidia_smi()',
      'nn.DataParallel(class_model)',
      'next(class_model.parameters()).device',
    ]) {
      expect(text).toContain(step);
    }
    expect(text).toContain('consume_prefix_in_state_dict_if_present(checkpoint, "module.")');
    expect(text).toContain('compare_dp_ddp(first_batch, world)');
  });
});
