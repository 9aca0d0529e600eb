import { describe, expect, it } from 'vitest';
import { trainingLoop } from './trainingLoop';

const lines = trainingLoop('sgd', 0.1);
const codes = lines.map((line) => line.code.trim());

/** The names a line assigns (`a = …`, `a, b = …`, `for a, b in …`). */
function assigned(code: string): string[] {
  const loop = /^for (.+) in /.exec(code);
  const target = loop?.[1] ?? /^([\w, ]+?) = /.exec(code)?.[1];
  return target ? target.split(',').map((name) => name.trim()) : [];
}

describe('the training loop on the code panel', () => {
  it('defines every name before a line uses it (criterion, device, optimizer)', () => {
    const defined = new Set(['torch', 'nn', 'MLP', 'loader']);
    for (const code of codes) {
      const targets = assigned(code);
      const rhs = code.replace(/^for .+? in /, '').replace(/^[\w, ]+? = /, '');
      const used = rhs.replace(/"[^"]*"/g, '').match(/(?<![.\w])[a-z_]\w*/gi) ?? [];
      for (const name of used) {
        if (/^(if|for|in|lr|momentum)$/.test(name)) continue;
        expect(defined.has(name), `"${name}" is used in "${code}" before it is defined`).toBe(true);
      }
      for (const name of targets) defined.add(name);
    }
    expect(codes).toContain('criterion = nn.CrossEntropyLoss()');
  });

  it('says the originals reach GPU 0 at model.to(device), not at the wrap line', () => {
    const wrap = lines.find((line) => line.code.includes('nn.DataParallel(model)'));
    const move = lines.find((line) => line.code === 'model.to(device)');
    expect(wrap?.comment ?? '').not.toMatch(/GPU 0/);
    expect(move?.comment).toContain('GPU 0');
    expect(codes.indexOf('model.to(device)')).toBeGreaterThan(
      codes.findIndex((c) => c.includes('DataParallel(')),
    );
  });

  it('says the whole batch is on GPU 0 because the loop moves it there', () => {
    const move = lines.find((line) => line.code.includes('x.to(device)'));
    expect(move?.comment).toBe('the whole batch on GPU 0');
  });
});
