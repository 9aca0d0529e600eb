import { describe, expect, it } from 'vitest';
import { paramLayout, paramName } from './spec';

describe('paramLayout', () => {
  it('lays out W then b for each layer', () => {
    const layout = paramLayout({ layers: [2, 3, 2], activation: 'relu' });
    expect(layout.slots).toEqual([
      { in: 2, out: 3, weight: 0, bias: 6 },
      { in: 3, out: 2, weight: 9, bias: 15 },
    ]);
    expect(layout.count).toBe(17);
  });

  it('rejects zero-width layers and single-layer models', () => {
    expect(() => paramLayout({ layers: [2, 0, 2], activation: 'relu' })).toThrow(RangeError);
    expect(() => paramLayout({ layers: [2], activation: 'relu' })).toThrow(RangeError);
  });

  it('names parameters like PyTorch state_dict entries', () => {
    const layout = paramLayout({ layers: [2, 3, 2], activation: 'relu' });
    expect(paramName(layout, 3)).toBe('layers.0.weight[1, 1]');
    expect(paramName(layout, 7)).toBe('layers.0.bias[1]');
    expect(paramName(layout, 16)).toBe('layers.1.bias[1]');
    expect(() => paramName(layout, 17)).toThrow(RangeError);
  });
});
