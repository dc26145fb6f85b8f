import { describe, expect, it } from 'vitest';
import { decodeEventCursor, encodeEventCursor } from './event-cursor';

describe('event cursor', () => {
  it('round-trips the position, microseconds included', () => {
    const cursor = { createdAt: '2026-11-22 02:35:47.123456+00', id: 42 };
    expect(decodeEventCursor(encodeEventCursor(cursor))).toEqual(cursor);
  });

  it('names the cursor field for something that is not a cursor', () => {
    expect(() => decodeEventCursor('not-a-cursor')).toThrow(/cursor: "not-a-cursor" is not a cursor/);
    const forged = Buffer.from(JSON.stringify(['yesterday', 1.5])).toString('base64url');
    expect(() => decodeEventCursor(forged)).toThrow(/cursor/);
  });
});
