import { describe, expect, it } from 'vitest';
import { shortenId } from './shorten-id';

describe('shortenId', () => {
  it('keeps an id that fits', () => {
    expect(shortenId('0199a3c2-session', 255)).toBe('0199a3c2-session');
  });

  it('cuts a long id to the limit with a hash of the whole, distinct for distinct ids', () => {
    const a = shortenId(`${'s'.repeat(300)}a`, 255);
    const b = shortenId(`${'s'.repeat(300)}b`, 255);
    expect(a).toHaveLength(255);
    expect(a).toMatch(/^s+…#[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect(shortenId(`${'s'.repeat(300)}a`, 255)).toBe(a);
  });
});
