/**
 * The Python every exported file shares, as source text: the page's settings, the embedded data and
 * initial weights, the model, the optimizer, the page's batches, and the loss lines. `train_dp.py`,
 * `train_ddp.py` and the notebook differ only in how they place the model and split the batch.
 */
import { float32Bytes, pythonBase64, pythonNumber, scaledUint8Bytes, uint16Bytes } from './encode';
import type { ExportMode, ExportRun } from './exportRun';

/** The digits' pixels are counts out of 16; generated points are not, and go as float32. */
const PIXEL_SCALE = 16;

/** Relative difference under which a loss counts as the page's own (the issue's bar). */
export const SAME_LOSS = 1e-4;

/** `"key": value` pairs of the page's settings, as a Python dict literal on one line. */
export function pythonSettings(run: ExportRun): string {
  const s = run.settings;
  const pairs: [string, string][] = [
    ['dataset', `"${s.dataset}"`],
    ['gpus', String(s.gpus)],
    ['batch', String(s.batch)],
    ['optimizer', `"${s.optimizer}"`],
    ['lr', pythonNumber(s.lr)],
    ['seed', String(s.seed)],
    ['mode', `"${s.mode}"`],
    ['steps', String(s.steps)],
  ];
  return `{${pairs.map(([k, v]) => `"${k}": ${v}`).join(', ')}}`;
}

/** Whether a file training like `mode` can be held to the page's losses. */
export function comparable(run: ExportRun, mode: ExportMode): boolean {
  return run.settings.mode === mode || run.equalChunks;
}

const MODE_NAMES: Record<ExportMode, string> = { dp: 'DataParallel', ddp: 'DistributedDataParallel' };

/** The constants block: settings, sizes, the page's last loss (or why there is none to compare). */
export function pythonConstants(run: ExportRun, mode: ExportMode): string {
  const { settings, model, pageLastLoss } = run;
  const last = comparable(run, mode) ? pageLastLoss : null;
  let note = '';
  if (!comparable(run, mode)) {
    note = `The page trained in ${MODE_NAMES[settings.mode]} mode with chunks of unequal size, where ${MODE_NAMES[mode]} weighs the samples differently, so its losses are not this file's.`;
  } else if (pageLastLoss === null) {
    note = 'The page had not read back the loss of its last step.';
  }
  const hidden = model.activation === 'relu' ? 'torch.relu' : 'torch.tanh';
  return [
    '# The page\'s settings ("steps" = steps the page had trained when you exported).',
    `SETTINGS = ${pythonSettings(run)}`,
    `STEPS = ${settings.steps}`,
    `# Rows per batch: the page's batch of ${settings.batch}, at most the ${run.train.count} training rows.`,
    `BATCH_ROWS = ${run.batchRows}`,
    `# The page's model: Linear layers of these widths, ${hidden} between them.`,
    `LAYERS = [${model.layers.join(', ')}]`,
    `HIDDEN_ACTIVATION = ${hidden}`,
    '# The loss the page showed at its last step, to compare with (None: nothing to compare).',
    `PAGE_LAST_LOSS = ${last === null ? 'None' : `(${last.step}, ${pythonNumber(last.loss)})`}`,
    `PAGE_NOTE = ${JSON.stringify(note)}`,
    `SAME_LOSS = ${pythonNumber(SAME_LOSS)}  # relative difference that still counts as the page's loss`,
  ].join('\n');
}

/** The embedded training rows, initial weights and batch order. */
export function pythonData(run: ExportRun): string {
  const { train, initialParams, epochOrders } = run;
  const pixels = scaledUint8Bytes(train.x, PIXEL_SCALE);
  const features =
    pixels === null
      ? [
          `# ${train.count} training rows of ${train.features} float32 features, exactly as the page generated them.`,
          `TRAIN_X = torch.tensor(_values("f", ${pythonBase64(float32Bytes(train.x))}).tolist()).reshape(${train.count}, ${train.features})`,
        ]
      : [
          `# ${train.count} training rows of ${train.features} pixels, each a count out of ${PIXEL_SCALE} (so this division`,
          '# gives back exactly the float32 values the page trained on).',
          `TRAIN_X = torch.tensor(_values("B", ${pythonBase64(pixels)}).tolist(), dtype=torch.float32).div(${PIXEL_SCALE}).reshape(${train.count}, ${train.features})`,
        ];
  const orders = epochOrders.map(
    (order) => `    _values("H", ${pythonBase64(uint16Bytes(order), 8)}).tolist(),`,
  );
  return [
    'def _values(typecode, text):',
    '    """Little-endian numbers from base64, read with the standard array module."""',
    '    values = array(typecode)',
    '    values.frombytes(base64.b64decode(text))',
    '    if sys.byteorder == "big":',
    '        values.byteswap()',
    '    return values',
    '',
    '',
    ...features,
    `# The class of each row (0..${train.classes - 1}).`,
    `TRAIN_Y = torch.tensor(_values("B", ${pythonBase64(Uint8Array.from(train.y))}).tolist(), dtype=torch.long)`,
    "# GPU 0's weights before step 1, from the page's seeded initialiser: layer after layer, the weight",
    '# (out x in, row-major, as nn.Linear stores it) then the bias.',
    `INITIAL_PARAMS = torch.tensor(_values("f", ${pythonBase64(float32Bytes(initialParams))}).tolist())`,
    "# The row order of each epoch, as the page's sampler shuffled it (a fresh shuffle per epoch, like",
    '# DataLoader(shuffle=True)); the last one stops where the page stopped.',
    'EPOCH_ORDERS = [',
    ...orders,
    ']',
  ].join('\n');
}

/** The model, its weights, the optimizer, the batches, and the printed lines. */
export function pythonTraining(run: ExportRun): string {
  return [
    'class PlaygroundMLP(nn.Module):',
    '    """The page\'s model: Linear layers, HIDDEN_ACTIVATION between them, none after the last."""',
    '',
    '    def __init__(self, layers):',
    '        super().__init__()',
    '        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(layers, layers[1:]))',
    '',
    '    def forward(self, x):',
    '        for i, layer in enumerate(self.layers):',
    '            x = layer(x)',
    '            if i + 1 < len(self.layers):',
    '                x = HIDDEN_ACTIVATION(x)',
    '        return x',
    '',
    '',
    'def load_page_weights(model, flat):',
    '    """Copy the page\'s flat parameter vector into the model, in model.parameters() order."""',
    '    offset = 0',
    '    with torch.no_grad():',
    '        for p in model.parameters():',
    '            p.copy_(flat[offset : offset + p.numel()].view_as(p))',
    '            offset += p.numel()',
    '    assert offset == flat.numel(), "the weights do not fit the model"',
    '',
    '',
    'def make_optimizer(parameters):',
    `    ${pythonOptimizer(run)}`,
    '',
    '',
    'def page_batches():',
    '    """The page\'s batches in order: consecutive BATCH_ROWS-row slices of each epoch\'s order."""',
    '    for order in EPOCH_ORDERS:',
    '        for start in range(0, len(order), BATCH_ROWS):',
    '            yield torch.tensor(order[start : start + BATCH_ROWS])',
    '',
    '',
    'def print_loss(step, loss):',
    '    """One line per step, as the page keeps its loss history: the step and its mean loss."""',
    '    print(f"step {step:>5}  loss {loss:.9g}", flush=True)',
    '',
    '',
    'def compare_with_page(loss):',
    '    if PAGE_LAST_LOSS is None:',
    '        print(f"page: nothing to compare with. {PAGE_NOTE}".rstrip())',
    '        return',
    '    step, page = PAGE_LAST_LOSS',
    '    difference = abs(loss - page) / max(abs(page), 1e-12)',
    '    verdict = "the same run" if difference <= SAME_LOSS else "NOT the same numbers"',
    '    print(',
    '        f"page: step {step} loss {page:.9g} | here: loss {loss:.9g} | "',
    '        f"relative difference {difference:.1e} -> {verdict}"',
    '    )',
  ].join('\n');
}

/** The optimizer call, with the page's hyper-parameters written out (PyTorch's defaults otherwise). */
function pythonOptimizer(run: ExportRun): string {
  const o = run.optimizer;
  const lr = pythonNumber(o.lr);
  if (o.kind === 'sgd') return `return torch.optim.SGD(parameters, lr=${lr})`;
  if (o.kind === 'momentum') {
    return `return torch.optim.SGD(parameters, lr=${lr}, momentum=${pythonNumber(o.momentum)}, dampening=0)`;
  }
  return `return torch.optim.Adam(parameters, lr=${lr}, betas=(${pythonNumber(o.beta1)}, ${pythonNumber(o.beta2)}), eps=${pythonNumber(o.eps)})`;
}

/** The imports every file starts with, plus a file's own standard-library and torch imports. */
export function pythonImports(extra: { standard?: string[]; torch?: string[] } = {}): string {
  return [
    'import base64',
    ...(extra.standard ?? []),
    'import sys',
    'from array import array',
    '',
    'import torch',
    ...(extra.torch ?? []),
    'import torch.nn as nn',
    'import torch.nn.functional as F',
  ].join('\n');
}
