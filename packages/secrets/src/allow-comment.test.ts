import { describe, expect, it } from 'vitest';
import { isAllowedByComment } from './allow-comment';

describe('isAllowedByComment', () => {
  it.each([
    'KEY=value # tier1-allow',
    'const key = "value"; // tier1-allow: fixture for the parser test',
    'key: value /* tier1-allow */',
    '<!-- tier1-allow --> key',
    "key = 'value' -- tier1-allow",
    'token = "value" # gitleaks:allow',
  ])('allows %s', (line) => {
    expect(isAllowedByComment(line, undefined)).toBe(true);
  });

  it('allows the line after tier1-allow-next-line', () => {
    expect(isAllowedByComment('KEY=value', '# tier1-allow-next-line')).toBe(true);
  });

  it('does not let tier1-allow-next-line allow its own line', () => {
    expect(isAllowedByComment('KEY=value # tier1-allow-next-line', undefined)).toBe(false);
  });

  it('does not allow from an unrelated previous line or without a marker', () => {
    expect(isAllowedByComment('KEY=value', '# tier1-allow')).toBe(false);
    expect(isAllowedByComment('KEY=value # allow', undefined)).toBe(false);
  });
});
