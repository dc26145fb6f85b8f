import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEventUid, ValidationError } from '@tier1/core';
import { useTempDirectories } from '@tier1/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useMemoryHub } from '../test/support/memory-hub';
import { type AutomationEventInput, EventTypeRegistry } from './automation-event';
import { KNOWN_EVENT_TYPES } from './event-types';
import { EventSpool, fallbackSpoolDirectory } from './spool';

const tempDirectory = useTempDirectories('tier1-spool-');
const store = useMemoryHub();

function spoolDirectory(): string {
  return join(tempDirectory(), 'spool');
}

function completed(
  sessionId: string,
  note = 'done',
  extra: Partial<AutomationEventInput> = {},
): AutomationEventInput {
  return {
    eventType: 'action_item_completed',
    projectId: 'spool-unit',
    status: 'success',
    evidence: { tool_name: 'Bash', context_snippet: note },
    detectedFrom: 'hook',
    sessionId,
    ...extra,
  };
}

async function storedIn(sessionId: string) {
  return (await store().getEvents({ sessionId, limit: 1000 })).events;
}

describe('EventSpool.append', () => {
  it('writes one validated, sanitised line per event into its own open segment', async () => {
    const directory = spoolDirectory();
    const spool = new EventSpool(directory, { secrets: ['hunter2-secret'] });
    const first = await spool.append(completed('s1', 'token=abc123 and hunter2-secret'));
    await spool.append(completed('s1', 'second'));
    const names = readdirSync(directory);
    expect(names).toEqual([
      expect.stringMatching(new RegExp(`^w-${process.pid}-[0-9a-f-]{36}\\.jsonl\\.open$`)),
    ]);
    const lines = readFileSync(join(directory, names[0] as string), 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const written = JSON.parse(lines[0] as string);
    expect(written.uid).toBe(first.uid);
    expect(written.evidence.context_snippet).not.toContain('abc123');
    expect(written.evidence.context_snippet).not.toContain('hunter2-secret');
    spool.close();
  });

  it('rejects a bad event at the writer, with a ValidationError naming the field, and writes nothing', async () => {
    const directory = spoolDirectory();
    const spool = new EventSpool(directory);
    const error = await spool
      .append({ ...completed('s2'), status: 'exploded' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('status');
    expect(existsSync(directory)).toBe(false);
  });

  it('seals the segment on close, and appendOnce leaves one sealed segment', async () => {
    const directory = spoolDirectory();
    const spool = new EventSpool(directory);
    const event = await spool.append(completed('s3'));
    spool.close();
    const once = await EventSpool.appendOnce(directory, completed('s3'));
    const names = readdirSync(directory).sort();
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^[0-9a-f-]{36}\.jsonl$/);
    const contents = names.map((name) => readFileSync(join(directory, name), 'utf8'));
    expect(contents.join('')).toContain(event.uid);
    expect(contents.join('')).toContain(once.uid);
  });

  it('starts a new segment after maxSegmentEvents so a long-lived writer can be drained', async () => {
    const directory = spoolDirectory();
    const spool = new EventSpool(directory, { maxSegmentEvents: 2 });
    for (let index = 0; index < 5; index += 1) await spool.append(completed('s4', `n${index}`));
    const names = readdirSync(directory);
    expect(names.filter((name) => name.endsWith('.jsonl'))).toHaveLength(2);
    expect(names.filter((name) => name.endsWith('.open'))).toHaveLength(1);
    spool.close();
  });
});

describe('EventSpool.drain (into a real PGlite store)', () => {
  it('stores every sealed event, deletes the segments, and a second drain stores nothing', async () => {
    const directory = spoolDirectory();
    const spool = new EventSpool(directory);
    const uids: string[] = [];
    for (let index = 0; index < 7; index += 1)
      uids.push((await spool.append(completed('d1', `e${index}`))).uid);
    spool.close();
    uids.push((await EventSpool.appendOnce(directory, completed('d1', 'last'))).uid);

    expect(spool.pendingEvents()).toBe(8);
    const report = await spool.drain(store(), { batchSize: 3 });
    expect(spool.pendingEvents()).toBe(0);
    expect(new EventSpool(join(directory, 'never-made')).pendingEvents()).toBe(0);
    expect(report).toEqual({ segments: 2, stored: 8, duplicates: 0, warnings: [], rejected: 0 });
    expect((await storedIn('d1')).map((event) => event.uid).sort()).toEqual(uids.sort());
    expect(readdirSync(directory)).toEqual([]);
    expect(await spool.drain(store())).toEqual({
      segments: 0,
      stored: 0,
      duplicates: 0,
      warnings: [],
      rejected: 0,
    });
  });

  it('leaves the open segment of a live writer alone and takes the one of a dead writer', async () => {
    const directory = spoolDirectory();
    const live = new EventSpool(directory);
    await live.append(completed('d2', 'live'));
    const deadUid = createEventUid();
    const dead = JSON.stringify({
      ...completed('d2', 'dead'),
      uid: deadUid,
      createdAt: new Date().toISOString(),
    });
    writeFileSync(join(directory, `w-999999999-${createEventUid()}.jsonl.open`), `${dead}\n`);

    const report = await live.drain(store());
    expect(report.stored).toBe(1);
    expect((await storedIn('d2')).map((event) => event.uid)).toEqual([deadUid]);
    expect(readdirSync(directory)).toEqual([expect.stringMatching(/\.open$/)]);
    live.close();
    expect((await live.drain(store())).stored).toBe(1);
    expect(await storedIn('d2')).toHaveLength(2);
  });

  it('skips a torn last line with a warning and still stores the rest of that segment and the next', async () => {
    const directory = spoolDirectory();
    const spool = new EventSpool(directory);
    const good = await spool.append(completed('d3', 'before the tear'));
    spool.close();
    const [torn] = readdirSync(directory);
    writeFileSync(join(directory, torn as string), '{"uid":"0190', { flag: 'a' });
    const after = await EventSpool.appendOnce(directory, completed('d3', 'after the tear'));

    const report = await spool.drain(store());
    expect(report.stored).toBe(2);
    expect(report.segments).toBe(2);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain(`${torn}: skipped a torn last line`);
    expect((await storedIn('d3')).map((event) => event.uid).sort()).toEqual([good.uid, after.uid].sort());
    expect(readdirSync(directory)).toEqual([]);
  });

  it('moves a line that fails validation to rejected/ with the reason, and stores the others', async () => {
    const directory = spoolDirectory();
    const registry = new EventTypeRegistry([
      ...KNOWN_EVENT_TYPES,
      { type: 'deploy_verified', statuses: ['success'], evidence: z.looseObject({ url: z.string() }) },
    ]);
    const writer = new EventSpool(directory, { registry });
    const custom = await writer.append({
      ...completed('d4'),
      eventType: 'deploy_verified',
      evidence: { url: 'https://x' },
    });
    const known = await writer.append(completed('d4', 'known'));
    writer.close();
    const [segment] = readdirSync(directory);

    // The drain does not know the custom type.
    const report = await new EventSpool(directory).drain(store());
    expect(report.stored).toBe(1);
    expect(report.rejected).toBe(1);
    expect(report.warnings[0]).toContain('unknown event type "deploy_verified"');
    expect((await storedIn('d4')).map((event) => event.uid)).toEqual([known.uid]);
    const kept = readFileSync(join(directory, 'rejected', segment as string), 'utf8')
      .trim()
      .split('\n');
    expect(kept).toHaveLength(1);
    const rejected = JSON.parse(kept[0] as string);
    expect(rejected.reason).toContain('unknown event type "deploy_verified"');
    expect(JSON.parse(rejected.text).uid).toBe(custom.uid);
    expect(readdirSync(directory)).toEqual(['rejected']);
  });

  it('after a drain that stored events but died before deleting the segment, stores nothing twice', async () => {
    const directory = spoolDirectory();
    const spool = new EventSpool(directory);
    const events = [];
    for (let index = 0; index < 4; index += 1) events.push(await spool.append(completed('d5', `e${index}`)));
    spool.close();
    // What the killed drain got into the store before it died: the first two events.
    await store().storeEvents(events.slice(0, 2));

    const report = await spool.drain(store());
    expect(report).toMatchObject({ segments: 1, stored: 2, duplicates: 2 });
    expect(await storedIn('d5')).toHaveLength(4);
  });

  it('keeps the segment when the store fails, so the next drain still has its events (the failing store is a test double)', async () => {
    const directory = spoolDirectory();
    const spool = new EventSpool(directory);
    const event = await spool.append(completed('d6'));
    spool.close();
    const failing = { storeEvents: () => Promise.reject(new Error('store went away (test double)')) };
    await expect(spool.drain(failing)).rejects.toThrow('store went away');
    expect(readdirSync(directory).filter((name) => name.endsWith('.jsonl'))).toHaveLength(1);
    expect((await spool.drain(store())).stored).toBe(1);
    expect((await storedIn('d6')).map((stored) => stored.uid)).toEqual([event.uid]);
  });
});

describe('EventSpool failures', () => {
  /** A spool path under a regular file: mkdir fails (ENOTDIR) for root too, where chmod would not stop it. */
  function blockedSpool(): { directory: string; unblock: () => void } {
    const parent = join(tempDirectory(), 'home');
    writeFileSync(parent, 'not a directory');
    return { directory: join(parent, 'spool'), unblock: () => rmSync(parent) };
  }

  it('writes to the fallback spool when the spool cannot be written, says so once, and drain takes it', async () => {
    const { directory, unblock } = blockedSpool();
    const fallback = fallbackSpoolDirectory(directory);
    const warnings: string[] = [];
    try {
      const spool = new EventSpool(directory, {
        warn: (message) => warnings.push(message),
        maxSegmentEvents: 1,
      });
      await spool.append(completed('fallback-1'));
      await spool.append(completed('fallback-2'));
      spool.close();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`${directory} cannot be written (ENOTDIR); events go to ${fallback}`);
      expect(readdirSync(fallback).filter((name) => name.endsWith('.jsonl'))).toHaveLength(2);
      unblock();
      const report = await new EventSpool(directory).drain(store());
      expect(report).toMatchObject({ stored: 2, fallbackDrained: 2 });
      expect(await storedIn('fallback-1')).toHaveLength(1);
      expect(await storedIn('fallback-2')).toHaveLength(1);
    } finally {
      rmSync(fallback, { recursive: true, force: true });
    }
  });

  it('reports SPOOL_WRITE_FAILED with the fix when the fallback cannot be written either', async () => {
    const { directory } = blockedSpool();
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = join(directory, 'no-tmp');
    try {
      const error = await new EventSpool(directory, { warn: () => {} })
        .append(completed('f1'))
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'SPOOL_WRITE_FAILED' });
      expect((error as Error).message).toContain('tier1-spool-fallback');
      expect((error as { hint: string }).hint).toContain('writable');
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });
});
