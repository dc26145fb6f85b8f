import { describe, expect, it } from 'vitest';
import { redactValue, secretFingerprint } from './redact';

describe('redactValue', () => {
  it('keeps four characters at each end of a long token', () => {
    const value = ['AKIA', 'Q3MZ7TX2RCVL', '5NPB'].join('');
    expect(redactValue(value)).toBe('AKIA************5NPB');
  });

  it('shows at most one character a side of a short password', () => {
    expect(redactValue('Zx9!qLm2#vTpW')).toBe('Z************W');
  });

  it('masks a very short value entirely', () => {
    expect(redactValue('s3cr3t')).toBe('************');
    expect(redactValue('s3cr3t-longer')).toBe('s************r');
  });

  it('never contains a run of the original longer than four characters', () => {
    const value = 'q7Xv2LmN9pRt4WzK8bYcq7Xv2LmN9pRt4WzK8bYc';
    const redacted = redactValue(value);
    for (let start = 0; start + 5 <= value.length; start += 1) {
      expect(redacted.includes(value.slice(start, start + 5))).toBe(false);
    }
  });
});

describe('secretFingerprint', () => {
  it('is stable and does not contain the value', () => {
    const first = secretFingerprint('npm-token', 'a/.npmrc', 'value-1');
    expect(secretFingerprint('npm-token', 'a/.npmrc', 'value-1')).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs by rule, file and value', () => {
    const base = secretFingerprint('r', 'f', 'v');
    expect(secretFingerprint('r2', 'f', 'v')).not.toBe(base);
    expect(secretFingerprint('r', 'f2', 'v')).not.toBe(base);
    expect(secretFingerprint('r', 'f', 'v2')).not.toBe(base);
  });
});
