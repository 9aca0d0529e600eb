/**
 * `dataparallel_playground.ipynb`: the seed tutorial's exercise on the page's own run, as an nbformat 4
 * notebook. The code cells are plain Python and run top to bottom with or without Jupyter.
 */
import type { ExportRun } from './exportRun';
import {
  type Cell,
  COMPARE_CELL,
  DEVICE_CELL,
  NVIDIA_SMI_CELL,
  PREFIX_CELL,
  TRAIN_CELL,
  WRAP_CELL,
} from './notebookCells';
import { pythonConstants, pythonData, pythonImports, pythonTraining } from './pythonRun';
import { trainDdpCommand } from './trainDdp';

export const NOTEBOOK_FILE = 'dataparallel_playground.ipynb';

/** The command that opens the notebook (running it as a script needs no Jupyter at all). */
export const NOTEBOOK_COMMAND = `jupyter notebook ${NOTEBOOK_FILE}`;

function markdownCells(run: ExportRun) {
  const { dataset, gpus, batch, optimizer, lr, seed, steps, mode } = run.settings;
  return {
    intro: `# DataParallel Playground: your run, in PyTorch

This notebook replays the run you set up in the playground — **${dataset}**, ${gpus} GPU(s), batch ${batch},
${optimizer} at learning rate ${lr}, seed ${seed}, ${steps} step(s) trained in ${mode === 'ddp' ? 'DistributedDataParallel' : 'DataParallel'} mode — with real PyTorch.
It carries the page's data, its initial weights and the order of its batches, so the losses printed
below can be held against the ones the page showed (the training cell compares the last one).

It runs anywhere: with several NVIDIA GPUs the model is spread over them with \`nn.DataParallel\`, with
one it runs on \`cuda:0\`, and on a laptop without CUDA it runs on the CPU in a few seconds. Run the
cells from top to bottom.`,
    data: `## The page's run, packed in

The next cells hold the training rows, the model's weights before the first step and the row order
of every epoch, exactly as the page made them from its seed, then the model itself: Linear layers with
a ReLU between them, the same flat layout of weights as on the page.`,
    smi: `## Which GPUs are there?

By default PyTorch uses one GPU, however many the machine has. Before spreading work over them, look
at what is there: \`nvidia-smi\` lists every GPU with its memory and how busy it is.`,
    wrap: `## Wrap the model

Whenever there is more than one GPU, wrap the model in \`nn.DataParallel\` and move it to the first
one. Nothing else in the training code changes: each batch is split into chunks with \`torch.chunk\`,
one chunk per GPU.`,
    device: `## Where do the parameters live?

Even while every GPU computes, this answers \`cuda:0\` (or \`cpu\` here without GPUs): DataParallel
keeps the original parameters on the first GPU and copies them to the others on every forward pass.
The copies are made and thrown away inside each step.`,
    train: `## Train on the page's batches

Each step, DataParallel scatters the batch, replicates the model, runs the replicas side by side,
gathers their outputs on the first GPU, and after \`backward()\` sums every replica's gradients there.
The optimizer then updates the originals on the first GPU only. The last line compares with the page.`,
    smiAgain: `## Check again while the GPUs hold the run

Run \`nvidia-smi\` again: the first GPU holds more than the others — the originals, the summed
gradients, the optimizer state and the gathered outputs all live there.`,
    prefix: `## The \`module.\` prefix

The wrapper keeps your network as \`.module\`, so a checkpoint saved from it names every weight
\`module.…\`, and a model without the wrapper refuses it.`,
    compare: `## DataParallel or DistributedDataParallel?

DataParallel is one Python process driving every GPU; PyTorch recommends DistributedDataParallel
(DDP) instead: one process per GPU, weights sent once, gradients averaged by an all-reduce. DDP's
rank *i* takes chunk *i* and the mean loss of that chunk only, so with equal chunks both give the
same gradient, and with unequal chunks they do not (a small chunk's samples weigh more). This cell
measures both on the page's first batch, from the page's first weights.

To train the same run with DDP, export \`train_ddp.py\` from the page and start it with

    ${trainDdpCommand(gpus)}

(no GPUs needed: without CUDA the ranks are CPU processes talking over gloo).`,
    keyPoints: `## Key points

1. \`nn.DataParallel\` spreads each batch over the GPUs of one machine; the training loop stays the same.
2. The parameters stay on the first GPU, which does the most work and holds the most memory.
3. One process drives every GPU and re-copies the model every step, so it scales poorly; it cannot
   span machines. DistributedDataParallel, one process per GPU, is what PyTorch recommends.`,
  };
}

function notebookCells(run: ExportRun): Cell[] {
  const md = markdownCells(run);
  const m = (id: keyof typeof md): Cell => ({ kind: 'markdown', id: `${id}-text`, source: md[id] });
  const c = (id: string, source: string): Cell => ({ kind: 'code', id, source });
  return [
    m('intro'),
    c('setup', `${pythonImports()}\n\n${pythonConstants(run, 'dp')}`),
    m('data'),
    c('data', pythonData(run)),
    c('model', pythonTraining(run)),
    m('smi'),
    c('nvidia-smi', NVIDIA_SMI_CELL),
    m('wrap'),
    c('wrap', WRAP_CELL),
    m('device'),
    c('device', DEVICE_CELL),
    m('train'),
    c('train', TRAIN_CELL),
    m('smiAgain'),
    c('nvidia-smi-again', 'nvidia_smi()'),
    m('prefix'),
    c('prefix', PREFIX_CELL),
    m('compare'),
    c('dp-vs-ddp', COMPARE_CELL),
    m('keyPoints'),
  ];
}

/** nbformat keeps a cell's source as lines, each but the last ending in a newline. */
function sourceLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.map((line, i) => (i + 1 < lines.length ? `${line}\n` : line));
}

/** The notebook (nbformat 4.5) as JSON text. */
export function notebookJson(run: ExportRun): string {
  const cells = notebookCells(run).map((cell) =>
    cell.kind === 'markdown'
      ? { cell_type: 'markdown', id: cell.id, metadata: {}, source: sourceLines(cell.source) }
      : {
          cell_type: 'code',
          execution_count: null,
          id: cell.id,
          metadata: {},
          outputs: [],
          source: sourceLines(cell.source),
        },
  );
  const notebook = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}
