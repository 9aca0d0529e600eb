/**
 * The PyTorch training loop the page animates, as data: each line, and which phases of a DataParallel
 * step it causes. `model(x)` runs four of them inside `DataParallel.forward`; `loss.backward()` runs the
 * backward pass and the reduce-add that autograd performs for the replicate step.
 */
import type { Phase } from '../../src/dp/phase';
import type { OptimizerKind } from '../store/urlState';

export type CodeLine = { code: string; comment?: string; phases?: readonly Phase[] };

function optimizerLine(optimizer: OptimizerKind, lr: number): string {
  if (optimizer === 'adam') return `optimizer = torch.optim.Adam(model.parameters(), lr=${lr})`;
  if (optimizer === 'momentum')
    return `optimizer = torch.optim.SGD(model.parameters(), lr=${lr}, momentum=0.9)`;
  return `optimizer = torch.optim.SGD(model.parameters(), lr=${lr})`;
}

/** The loop, with the real optimizer and learning rate of the run. */
export function trainingLoop(optimizer: OptimizerKind, lr: number): CodeLine[] {
  return [
    { code: 'device = torch.device("cuda:0")' },
    { code: 'model = MLP()' },
    { code: 'criterion = nn.CrossEntropyLoss()' },
    { code: 'if torch.cuda.device_count() > 1:' },
    { code: '    model = nn.DataParallel(model)', comment: 'wraps it; moves nothing' },
    { code: 'model.to(device)', comment: 'the originals now live on GPU 0' },
    { code: optimizerLine(optimizer, lr) },
    { code: '' },
    { code: 'for x, y in loader:', comment: 'one batch of B rows' },
    { code: '    x, y = x.to(device), y.to(device)', comment: 'the whole batch on GPU 0' },
    { code: '    output = model(x)', phases: ['scatter', 'replicate', 'forward', 'gather'] },
    { code: '    loss = criterion(output, y)', comment: 'on GPU 0', phases: ['loss'] },
    { code: '    optimizer.zero_grad()' },
    { code: '    loss.backward()', phases: ['backward', 'reduce-add'] },
    { code: '    optimizer.step()', comment: 'GPU 0 only', phases: ['optimizer-step'] },
  ];
}

/** What runs inside the highlighted line, as PyTorch names it. */
export type InnerCall = { name: string; phase: Phase };

export const INSIDE_FORWARD: readonly InnerCall[] = [
  { name: 'scatter', phase: 'scatter' },
  { name: 'replicate', phase: 'replicate' },
  { name: 'parallel_apply', phase: 'forward' },
  { name: 'gather', phase: 'gather' },
];

export const INSIDE_BACKWARD: readonly InnerCall[] = [
  { name: 'Gather.backward → replica backward', phase: 'backward' },
  { name: 'Broadcast.backward (reduce-add)', phase: 'reduce-add' },
];
