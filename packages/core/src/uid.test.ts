import { describe, expect, it } from 'vitest';
import { createEventUid, isEventUid } from './uid';

describe('createEventUid', () => {
  it('makes version 7 uuids', () => {
    const uid = createEventUid();
    expect(isEventUid(uid)).toBe(true);
    expect(uid[14]).toBe('7');
  });

  it('orders uids made in the same millisecond by the order they were made', () => {
    const uids = Array.from({ length: 5000 }, () => createEventUid(1_700_000_000_000));
    expect([...uids].sort()).toEqual(uids);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('orders uids by time', () => {
    const early = createEventUid();
    const late = createEventUid(Date.now() + 60_000);
    expect(early < late).toBe(true);
  });

  it('rejects strings that are not uuids', () => {
    expect(isEventUid('abc')).toBe(false);
    expect(isEventUid('')).toBe(false);
  });
});
