import { describe, expect, it } from 'vitest';
import type { RunStopReason } from './protocol';
import { runLoop } from './runLoop';

/** A fake clock: steps take `stepMs`, sleeping advances time, and every event is logged. */
function simulation(stepMs: number) {
  let time = 0;
  const log: string[] = [];
  let stop: RunStopReason | null = null;
  let steps = 0;
  const options = {
    step: async (): Promise<'continue'> => {
      time += stepMs;
      steps += 1;
      log.push(`step@${time}`);
      return 'continue';
    },
    stopRequested: () => stop,
    flush: () => log.push(`flush@${time}`),
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
    },
    yieldToEvents: async () => {
      log.push(`yield@${time}`);
    },
  };
  return {
    options,
    log,
    stopAfter(n: number) {
      const inner = options.step;
      options.step = async () => {
        const outcome = await inner();
        if (steps >= n) stop = 'paused';
        return outcome;
      };
    },
    get time() {
      return time;
    },
  };
}

describe('runLoop', () => {
  it('flushes at most every 33 ms however fast the steps are, and once at the end', async () => {
    const sim = simulation(1);
    expect(await runLoop({ ...sim.options, maxSteps: 100 })).toBe('max-steps');
    const flushes = sim.log.filter((e) => e.startsWith('flush'));
    expect(flushes).toEqual(['flush@33', 'flush@66', 'flush@99', 'flush@100']);
  });

  it('keeps a target rate by sleeping between steps', async () => {
    const sim = simulation(2);
    await runLoop({ ...sim.options, stepsPerSecond: 50, maxSteps: 5 });
    // Steps start every 20 ms and take 2 ms each.
    expect(sim.log.filter((e) => e.startsWith('step'))).toEqual([
      'step@2',
      'step@22',
      'step@42',
      'step@62',
      'step@82',
    ]);
  });

  it('lets queued messages in every few milliseconds during a fast run', async () => {
    const sim = simulation(1);
    await runLoop({ ...sim.options, maxSteps: 12 });
    expect(sim.log.filter((e) => e.startsWith('yield'))).toEqual(['yield@4', 'yield@8', 'yield@12']);
  });

  it('stops when asked, before the next step, and when a step ends the run', async () => {
    const sim = simulation(1);
    sim.stopAfter(3);
    expect(await runLoop(sim.options)).toBe('paused');
    expect(sim.log.filter((e) => e.startsWith('step'))).toHaveLength(3);
    let calls = 0;
    const diverging = {
      ...simulation(1).options,
      step: async () => (++calls === 2 ? ('diverged' as const) : ('continue' as const)),
    };
    expect(await runLoop(diverging)).toBe('diverged');
    expect(calls).toBe(2);
  });

  it('flushes what it has when a step throws, and rethrows', async () => {
    const sim = simulation(1);
    const failing = {
      ...sim.options,
      step: async () => {
        throw new Error('boom');
      },
    };
    await expect(runLoop(failing)).rejects.toThrow('boom');
    expect(sim.log).toEqual(['flush@0']);
  });

  it('rejects a negative rate or a fractional step budget', async () => {
    const sim = simulation(1);
    await expect(runLoop({ ...sim.options, stepsPerSecond: -1 })).rejects.toThrow(RangeError);
    await expect(runLoop({ ...sim.options, maxSteps: 1.5 })).rejects.toThrow(RangeError);
  });
});
