import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  MAX_QUOTED,
  parseLesson,
  parseSettings,
  quoteLinkValue,
  settingsDiffer,
  settingsNamedIn,
  writeLesson,
  writeSettings,
} from './urlState';

describe('parseSettings', () => {
  it('reads valid values', () => {
    const { settings, notices } = parseSettings(
      '?gpus=4&batch=10&dataset=digits&lr=0.05&optimizer=adam&seed=7&step=3&phase=gather&mode=ddp',
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
      mode: 'ddp',
    });
    expect(notices).toEqual([]);
  });

  it('repairs an unknown mode to DataParallel, with a notice', () => {
    const { settings, notices } = parseSettings('?mode=fsdp');
    expect(settings.mode).toBe('dp');
    expect(notices).toEqual(['Mode "fsdp" in the link is not one of dp, ddp, so it is dp.']);
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

describe('the lesson in the URL', () => {
  it('reads the lesson a link names, and explains a link it cannot follow', () => {
    expect(parseLesson('?gpus=4&lesson=replicate')).toEqual({ lesson: 'replicate', notice: null });
    expect(parseLesson('?gpus=4')).toEqual({ lesson: null, notice: null });
    const unknown = parseLesson('?lesson=teleport');
    expect(unknown.lesson).toBeNull();
    expect(unknown.notice).toContain('"teleport"');
  });

  it('writes the lesson and keeps the settings; writing the settings keeps the lesson', () => {
    const search = writeLesson('?gpus=5&batch=30', 'memory');
    expect(new URLSearchParams(search).get('lesson')).toBe('memory');
    expect(parseSettings(search).settings).toMatchObject({ gpus: 5, batch: 30 });
    expect(parseLesson(writeSettings(search, DEFAULT_SETTINGS)).lesson).toBe('memory');
  });

  it('names the settings a link sets, which a lesson opened by it must leave alone', () => {
    expect([...settingsNamedIn('?lesson=memory&gpus=2&phase=loss&seed=3')]).toEqual(['gpus', 'phase']);
  });
});
