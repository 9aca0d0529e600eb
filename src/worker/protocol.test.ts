import { describe, expect, it } from 'vitest';
import { errorMessage, isTrainingRequest } from './protocol';

describe('isTrainingRequest', () => {
  it('accepts every request type with a numeric id', () => {
    for (const type of [
      'configure',
      'step',
      'run',
      'pause',
      'snapshot',
      'restore',
      'evaluate',
      'boundary',
      'predict',
      'compare',
      'dispose',
    ]) {
      expect(isTrainingRequest({ id: 1, type })).toBe(true);
    }
  });

  it('refuses anything else', () => {
    for (const value of [
      null,
      3,
      'step',
      { type: 'step' },
      { id: '1', type: 'step' },
      { id: 1, type: 'train' },
    ]) {
      expect(isTrainingRequest(value)).toBe(false);
    }
  });
});

describe('errorMessage', () => {
  it('takes an Error’s message or stringifies anything else', () => {
    expect(errorMessage(new RangeError('too big'))).toBe('too big');
    expect(errorMessage('plain')).toBe('plain');
  });
});
