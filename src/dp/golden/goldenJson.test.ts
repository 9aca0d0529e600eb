import { describe, expect, it } from 'vitest';
import { goldenJson } from './goldenJson';

describe('goldenJson', () => {
  const trace = {
    mode: 'dp',
    plan: {
      gpus: 2,
      chunkSizes: [1, 1],
      memory: { gpus: [{ device: 0, byPhase: { scatter: { input: 8 } } }] },
    },
    events: [
      { id: 'scatter:gpu0', rows: [0, 1], tensors: ['input[0:1]'], modeledDevice: { startMs: 0, ms: 0 } },
      { id: 'scatter:gpu1', rows: [1, 2], tensors: ['input[1:2]'], peer: 0 },
    ],
  };

  it('puts each event on one line, and a list of numbers on one line', () => {
    const lines = goldenJson(trace).split('\n');
    expect(lines).toContain(
      '    {"id": "scatter:gpu0", "rows": [0, 1], "tensors": ["input[0:1]"], "modeledDevice": {"startMs": 0, "ms": 0}},',
    );
    expect(lines).toContain('    "chunkSizes": [1, 1],');
    expect(lines).toContain('            "scatter": {"input": 8}');
  });

  it('parses back to the same value and ends with a newline', () => {
    const text = goldenJson(trace);
    expect(JSON.parse(text)).toEqual(trace);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes empty containers and primitives as JSON does', () => {
    expect(goldenJson({ a: [], b: {}, c: null, d: 'x"y' })).toBe(
      '{\n  "a": [],\n  "b": {},\n  "c": null,\n  "d": "x\\"y"\n}\n',
    );
  });
});
