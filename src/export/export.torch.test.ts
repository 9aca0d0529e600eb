/**
 * The exported files against real PyTorch: generated from the page's own code for a few settings, run
 * with Debian's python3-torch (CPU), and held to the losses of the page's own CPU engine and trainer.
 * Where PyTorch cannot be had the tests skip and say why; under CI (which installs it) they fail instead.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportSettings } from './exportRun';
import { notebookJson } from './notebook';
import { type PageRun, pageRun } from './pageRun.testing';
import {
  findTorch,
  largestRelativeDifference,
  printedLosses,
  pythonOutput,
  runScripts,
  runTorchrun,
  scratchDir,
  type Torchrun,
  type TorchSetup,
} from './realTorch.testing';
import { trainDdpScript } from './trainDdp';
import { trainDpScript } from './trainDp';

/** The bar: the first 50 steps within 1e-4 relative. */
const STEPS = 50;
const TOLERANCE = 1e-4;

const found = findTorch();
const torch: TorchSetup | null = 'missing' in found ? null : found;
if (torch === null) {
  const reason = 'missing' in found ? found.missing : '';
  if (process.env.CI) throw new Error(`CI must run the PyTorch export tests, but: ${reason}`);
  console.warn(`SKIPPED the PyTorch export tests: ${reason}`);
}

const base = { gpus: 3, batch: 10, seed: 1, mode: 'dp', steps: STEPS } as const;
const DP_CASES: Record<string, ExportSettings> = {
  'spiral-sgd': { ...base, dataset: 'spiral', optimizer: 'sgd', lr: 0.1 },
  'moons-momentum': { ...base, dataset: 'moons', optimizer: 'momentum', lr: 0.05, gpus: 4, seed: 7 },
  'blobs-adam': { ...base, dataset: 'blobs', optimizer: 'adam', lr: 0.01, batch: 32 },
  'digits-sgd': { ...base, dataset: 'digits', optimizer: 'sgd', lr: 0.1 },
  'digits-momentum': { ...base, dataset: 'digits', optimizer: 'momentum', lr: 0.05, gpus: 2, batch: 64 },
  'digits-adam': { ...base, dataset: 'digits', optimizer: 'adam', lr: 0.005, seed: 3 },
};

describe.skipIf(torch === null)('exported files under real PyTorch', () => {
  const dir = scratchDir();
  const runs: Record<string, PageRun> = {};
  let outputs: Record<string, string> = {};

  beforeAll(async () => {
    const scripts: Record<string, string> = {};
    for (const [name, settings] of Object.entries(DP_CASES)) {
      runs[name] = await pageRun(settings);
      scripts[`${name}.py`] = trainDpScript((runs[name] as PageRun).run);
    }
    const notebook = JSON.parse(notebookJson((runs['spiral-sgd'] as PageRun).run)) as {
      cells: { cell_type: string; source: string[] }[];
    };
    const code = notebook.cells
      .filter((cell) => cell.cell_type === 'code')
      .map((cell) => cell.source.join(''));
    scripts['notebook.py'] = code.join('\n\n\n');
    outputs = await runScripts((torch as TorchSetup).python, dir, scripts);
  }, 300_000);

  for (const name of Object.keys(DP_CASES)) {
    it(`train_dp.py reproduces the page's losses: ${name}`, () => {
      const { losses } = runs[name] as PageRun;
      const printed = printedLosses(outputs[`${name}.py`] ?? '');
      expect(printed).toHaveLength(STEPS);
      const largest = largestRelativeDifference(printed, losses, STEPS);
      console.info(
        `train_dp.py ${name}: largest relative loss difference over ${STEPS} steps ${largest.toExponential(1)}`,
      );
      expect(largest).toBeLessThan(TOLERANCE);
      expect(outputs[`${name}.py`]).toMatch(/^page: step 50 loss \S+ \| here: .* -> the same run$/m);
    });
  }

  it('the notebook runs top to bottom as plain Python and trains the page run', () => {
    const out = outputs['notebook.py'] ?? '';
    const { losses } = runs['spiral-sgd'] as PageRun;
    expect(largestRelativeDifference(printedLosses(out), losses, STEPS)).toBeLessThan(TOLERANCE);
    expect(out).toMatch(/^cpu$/m);
    expect(out).toMatch(/keys of the wrapped model: \['module\.layers\.0\.weight'/);
    expect(out).toMatch(/after stripping the prefix it loads: \['layers\.0\.weight'/);
    // 10 rows on 3 GPUs split 4, 4, 2: DDP's mean of chunk means weighs the short chunk's rows double.
    const gaps = [...out.matchAll(/chunks \[([\d, ]+)\]: largest \|DDP - DP\| = (\S+)/g)];
    expect(gaps.map((m) => m[1])).toEqual(['4, 4, 2', '3, 3, 3']);
    expect(Number(gaps[0]?.[2])).toBeGreaterThan(1e-4);
    expect(Number(gaps[1]?.[2])).toBeLessThan(1e-6);
  });

  it.skipIf(torch?.nbformat !== true)(
    'the notebook validates as nbformat 4',
    async () => {
      const path = join(dir, 'dataparallel_playground.ipynb');
      writeFileSync(path, notebookJson((runs['spiral-sgd'] as PageRun).run));
      const check =
        'import nbformat, sys\nnb = nbformat.read(sys.argv[1], as_version=4)\nnbformat.validate(nb)\nprint("valid", nb.nbformat, len(nb.cells))';
      expect(await pythonOutput((torch as TorchSetup).python, check, [path])).toMatch(/^valid 4 \d+$/m);
    },
    60_000,
  );

  // The page's own DDP mode, on a batch of 11 over 3 ranks: chunks 4, 4, 3 (unequal, so DDP's
  // losses are not DataParallel's), and at step 37 the epoch's last 4 rows split 2, 2 with rank 2 idle.
  it.skipIf(torch?.torchrun === null)(
    "train_ddp.py under torchrun (3 CPU ranks, gloo) reproduces the page's DDP mode",
    async () => {
      const settings: ExportSettings = {
        ...base,
        mode: 'ddp',
        dataset: 'moons',
        optimizer: 'adam',
        lr: 0.01,
        batch: 11,
      };
      const ddp = await pageRun(settings);
      const dp = await pageRun({ ...settings, mode: 'dp' });
      expect(ddp.batches[36]).toHaveLength(4);
      // The comparison can fail: DataParallel's losses on the same run are not DDP's.
      expect(largestRelativeDifference(dp.losses, ddp.losses, STEPS)).toBeGreaterThan(TOLERANCE);
      const out = await runTorchrun(
        (torch as TorchSetup).torchrun as Torchrun,
        dir,
        'train_ddp.py',
        trainDdpScript(ddp.run),
        3,
      );
      expect(out).toContain('3 ranks on CPU processes with gloo');
      const largest = largestRelativeDifference(printedLosses(out), ddp.losses, STEPS);
      console.info(
        `train_ddp.py: largest relative loss difference over ${STEPS} steps ${largest.toExponential(1)}`,
      );
      expect(largest).toBeLessThan(TOLERANCE);
      expect(out).toMatch(/^page: step 50 loss \S+ \| here: .* -> the same run$/m);
    },
    300_000,
  );
});
