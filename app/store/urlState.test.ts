import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  MAX_QUOTED,
  parseSettings,
  quoteLinkValue,
  settingsDiffer,
  writeSettings,
} from './urlState';

describe('parseSettings', () => {
  it('reads valid values', () => {
    const { settings, notices } = parseSettings(
      '?gpus=4&batch=10&dataset=digits&lr=0.05&optimizer=adam&seed=7&step=3&phase=gather',
    );
    expect(settings).toEqual({
      gpus: 4,
      batch: 10,
      dataset: 'digits',
      lr: 0.05,
      optimizer: 'adam',
      seed: 7,
      step: 3,
      phase: 'gather',
    });
    expect(notices).toEqual([]);
  });

  it('uses the defaults when the link says nothing', () => {
    expect(parseSettings('')).toEqual({ settings: DEFAULT_SETTINGS, notices: [] });
  });

  it('clamps out-of-range values and says so', () => {
    const { settings, notices } = parseSettings('?gpus=99&batch=-5&lr=1000');
    expect(settings).toMatchObject({ gpus: 8, batch: 1, lr: 10 });
    expect(notices).toHaveLength(3);
    expect(notices[0]).toBe('GPUs "99" in the link is outside 1–8, so it is 8.');
    expect(notices[1]).toContain('Batch size "-5"');
  });

  it('replaces unreadable values and unknown choices by the default and says so', () => {
    const { settings, notices } = parseSettings('?gpus=lots&batch=&dataset=mnist&phase=sync');
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notices).toHaveLength(4);
    expect(notices[2]).toContain('mnist');
  });

  it('rounds fractional counts, with a notice', () => {
    const { settings, notices } = parseSettings('?gpus=2.6');
    expect(settings.gpus).toBe(3);
    expect(notices).toEqual(['GPUs "2.6" in the link is not a whole number, so it is 3.']);
  });

  it('uses the first of repeated keys and names the ones it ignores', () => {
    const { settings, notices } = parseSettings('?gpus=2&gpus=7&gpus=x');
    expect(settings.gpus).toBe(2);
    expect(notices).toEqual(['The link names GPUs more than once, so "7", "x" are ignored.']);
  });

  it('quotes long values shortened, and ignores keys it does not know', () => {
    const long = 'x'.repeat(5000);
    const { settings, notices } = parseSettings(`?__proto__=1&constructor=2&dataset=${long}`);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(quoteLinkValue(long));
    expect(quoteLinkValue(long)).toHaveLength(MAX_QUOTED + 3);
  });
});

describe('writeSettings', () => {
  it('writes every setting and keeps other parameters', () => {
    const search = writeSettings('?lesson=intro&gpus=2', { ...DEFAULT_SETTINGS, gpus: 5, batch: 30 });
    const query = new URLSearchParams(search);
    expect(query.get('lesson')).toBe('intro');
    expect(query.get('gpus')).toBe('5');
    expect(query.get('batch')).toBe('30');
    expect(parseSettings(search).settings).toEqual({ ...DEFAULT_SETTINGS, gpus: 5, batch: 30 });
  });

  it('knows when settings differ', () => {
    expect(settingsDiffer(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS })).toBe(false);
    expect(settingsDiffer(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, phase: 'loss' })).toBe(true);
  });
});
