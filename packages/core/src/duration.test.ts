import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  const back = { units: ['m', 'h', 'd', 'w'] } as const;
  const interval = { units: ['ms', 's', 'm'], bareUnit: 's' } as const;

  it('reads a number and a unit into milliseconds', () => {
    expect(parseDuration('90m', back)).toBe(5_400_000);
    expect(parseDuration('24h', back)).toBe(86_400_000);
    expect(parseDuration(' 7d ', back)).toBe(604_800_000);
    expect(parseDuration('2w', back)).toBe(1_209_600_000);
    expect(parseDuration('1.5h', back)).toBe(5_400_000);
    expect(parseDuration('500ms', interval)).toBe(500);
  });

  it('reads a bare number in the bare unit, and only when there is one', () => {
    expect(parseDuration('30', interval)).toBe(30_000);
    expect(parseDuration('2.5', interval)).toBe(2500);
    expect(parseDuration('30', back)).toBeUndefined();
  });

  it('refuses a unit not offered, a negative or missing number, and words', () => {
    for (const text of ['5s', '3y', '-1h', 'h', '', 'soon', '1h30m', '1e3m', '.5h', 'NaN h']) {
      expect(parseDuration(text, back), text).toBeUndefined();
    }
    expect(parseDuration('2h', interval)).toBeUndefined();
  });
});
