import { describe, expect, it } from 'vitest';
import { UsageError } from './command';
import { parseCountOption, parseTimeOption } from './time-option';

const now = Date.parse('2026-01-20T12:00:00Z');

describe('parseTimeOption', () => {
  it('reads durations back from now', () => {
    expect(parseTimeOption('since', '90m', now).toISOString()).toBe('2026-01-20T10:30:00.000Z');
    expect(parseTimeOption('since', '24h', now).toISOString()).toBe('2026-01-19T12:00:00.000Z');
    expect(parseTimeOption('since', '7d', now).toISOString()).toBe('2026-01-13T12:00:00.000Z');
    expect(parseTimeOption('since', '2w', now).toISOString()).toBe('2026-01-06T12:00:00.000Z');
  });

  it('reads ISO dates and times', () => {
    expect(parseTimeOption('until', '2026-01-02', now).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(parseTimeOption('until', '2026-01-02T03:04:05Z', now).toISOString()).toBe(
      '2026-01-02T03:04:05.000Z',
    );
    expect(parseTimeOption('until', '2026-01-02T03:04:05+02:00', now).toISOString()).toBe(
      '2026-01-02T01:04:05.000Z',
    );
  });

  it('names the flag and gives an example for anything else', () => {
    for (const bad of ['7 days', 'yesterday', '12', '2026-13-45', '-7d']) {
      const error = (() => {
        try {
          parseTimeOption('older-than', bad, now);
        } catch (caught) {
          return caught;
        }
      })() as UsageError;
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toContain(`--older-than "${bad}"`);
      expect(error.hint).toContain('--older-than 7d');
    }
  });
});

describe('parseCountOption', () => {
  it('accepts whole numbers in range and refuses others', () => {
    expect(parseCountOption('limit', '50', 1000)).toBe(50);
    expect(() => parseCountOption('limit', '0', 1000)).toThrow(UsageError);
    expect(() => parseCountOption('limit', '1001', 1000)).toThrow(
      '--limit "1001" is not a whole number from 1 to 1000',
    );
    expect(() => parseCountOption('limit', '5x', 1000)).toThrow(UsageError);
  });
});
