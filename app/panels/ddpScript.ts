/**
 * The DistributedDataParallel script the DDP mode runs, as data: each line and the DDP phase it causes.
 * One copy of it runs per GPU, started by `torchrun`; `N` is the run's GPU count.
 */
import type { DdpConstructionPhase, DdpPhase } from '../../src/dp/ddpPlan';
import type { OptimizerKind } from '../store/urlState';

export type DdpCodeLine = {
  code: string;
  comment?: string;
  phases?: readonly (DdpPhase | DdpConstructionPhase)[];
};

function optimizerLine(optimizer: OptimizerKind, lr: number): string {
  if (optimizer === 'adam') return `optimizer = torch.optim.Adam(model.parameters(), lr=${lr})`;
  if (optimizer === 'momentum')
    return `optimizer = torch.optim.SGD(model.parameters(), lr=${lr}, momentum=0.9)`;
  return `optimizer = torch.optim.SGD(model.parameters(), lr=${lr})`;
}

/** The script, with the run's GPU count, batch, optimizer and learning rate. */
export function ddpScript(gpus: number, batch: number, optimizer: OptimizerKind, lr: number): DdpCodeLine[] {
  return [
    { code: `# launched as: torchrun --nproc_per_node=${gpus} train_ddp.py` },
    { code: 'dist.init_process_group("nccl")', comment: 'torchrun sets RANK and WORLD_SIZE' },
    { code: 'rank = dist.get_rank()' },
    { code: 'model = MLP().to(rank)' },
    {
      code: 'model = DDP(model, device_ids=[rank])',
      comment: "rank 0's weights broadcast, once",
      phases: ['construction-broadcast'],
    },
    { code: optimizerLine(optimizer, lr), comment: 'one per rank' },
    { code: 'sampler = DistributedSampler(dataset)', comment: 'each rank its own share' },
    { code: `loader = DataLoader(dataset, batch_size=${Math.ceil(batch / gpus)}, sampler=sampler)` },
    { code: '' },
    { code: 'for x, y in loader:', comment: "this rank's rows only" },
    { code: '    x, y = x.to(rank), y.to(rank)' },
    { code: '    output = model(x)', comment: 'no scatter, no gather', phases: ['forward'] },
    { code: '    loss = criterion(output, y)', comment: "this rank's mean loss", phases: ['forward'] },
    { code: '    optimizer.zero_grad()' },
    {
      code: '    loss.backward()',
      comment: 'ring all-reduce averages the gradients',
      phases: ['backward-all-reduce'],
    },
    { code: '    optimizer.step()', comment: 'every rank, the same update', phases: ['optimizer-step'] },
  ];
}
