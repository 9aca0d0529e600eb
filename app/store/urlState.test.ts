import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, writeSettings } from './urlState';

describe('parseSettings', () => {
  it('reads valid values', () => {
    expect(parseSettings('?gpus=4&batch=10')).toEqual({ settings: { gpus: 4, batch: 10 }, notices: [] });
  });

  it('uses the defaults when the link says nothing', () => {
    expect(parseSettings('')).toEqual({ settings: DEFAULT_SETTINGS, notices: [] });
  });

  it('clamps out-of-range values and says so', () => {
    const { settings, notices } = parseSettings('?gpus=99&batch=-5');
    expect(settings).toEqual({ gpus: 8, batch: 1 });
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('GPUs 99');
    expect(notices[1]).toContain('Batch size -5');
  });

  it('replaces unreadable values by the default and says so', () => {
    const { settings, notices } = parseSettings('?gpus=lots&batch=');
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notices).toHaveLength(2);
  });

  it('rounds fractional values, with a notice', () => {
    const { settings, notices } = parseSettings('?gpus=2.6');
    expect(settings.gpus).toBe(3);
    expect(notices).toHaveLength(1);
  });
});

describe('writeSettings', () => {
  it('writes the settings and keeps other parameters', () => {
    expect(writeSettings('?lesson=intro&gpus=2', { gpus: 5, batch: 30 })).toBe(
      '?lesson=intro&gpus=5&batch=30',
    );
  });
});
