import { describe, expect, it } from 'vitest';
import { describeIntegerBounds, parseBoundedInteger } from './bounded-integer';

describe('parseBoundedInteger', () => {
  const bounds = { min: 1, max: 1000 };

  it('takes whole decimal numbers within the bounds, ends included, around spaces', () => {
    expect(parseBoundedInteger('1', bounds)).toBe(1);
    expect(parseBoundedInteger(' 1000\n', bounds)).toBe(1000);
    expect(parseBoundedInteger('+42', bounds)).toBe(42);
    expect(parseBoundedInteger('-5', { min: -10, max: 0 })).toBe(-5);
  });

  it('refuses what is out of bounds, not whole, not decimal digits or not a number at all', () => {
    for (const raw of [
      '0',
      '1001',
      '1.5',
      '1.0',
      '1e3',
      '0x10',
      '',
      ' ',
      'ten',
      'NaN',
      'Infinity',
      '5 5',
      '9'.repeat(17),
    ]) {
      expect(parseBoundedInteger(raw, bounds), raw).toBeUndefined();
    }
  });

  it('refuses a number past the safe integers even when the bounds allow it', () => {
    expect(
      parseBoundedInteger('9007199254740993', { min: 0, max: Number.POSITIVE_INFINITY }),
    ).toBeUndefined();
  });

  it('says what was wanted', () => {
    expect(describeIntegerBounds(bounds)).toBe('a whole number from 1 to 1000');
  });
});
