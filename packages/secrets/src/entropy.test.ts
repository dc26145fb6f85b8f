import { describe, expect, it } from 'vitest';
import { characterClassCount, shannonEntropy } from './entropy';

describe('shannonEntropy', () => {
  it('is zero for an empty or a one-character-repeated string', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
  });

  it('is log2 of the length when every character differs', () => {
    expect(shannonEntropy('abcdefgh')).toBeCloseTo(3, 10);
    expect(shannonEntropy('ab')).toBeCloseTo(1, 10);
  });

  it('rates a random-looking token far above a word', () => {
    expect(shannonEntropy('q7Xv2LmN9pRt4WzK8bYc')).toBeGreaterThan(4);
    expect(shannonEntropy('password')).toBeLessThan(3);
  });
});

describe('characterClassCount', () => {
  it.each([
    ['abc', 1],
    ['abcDEF', 2],
    ['abc123', 2],
    ['aB3!', 4],
    ['', 0],
  ])('%s uses %i classes', (value, expected) => {
    expect(characterClassCount(value)).toBe(expected);
  });
});
