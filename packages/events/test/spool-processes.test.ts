import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleScripts, useTempDirectories } from '@tier1/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSpool } from '../src/spool';
import { useMemoryHub } from './support/memory-hub';

// Real writer processes appending to one spool while this process drains it.
let scripts: Awaited<ReturnType<typeof bundleScripts>>;
const tempDirectory = useTempDirectories('tier1-spool-');
const store = useMemoryHub();

beforeAll(async () => {
  scripts = await bundleScripts({ 'spool-writer': 'test/fixtures/spool-writer.ts' });
});

afterAll(() => scripts?.remove());

function spoolDirectory(): string {
  return join(tempDirectory(), 'spool');
}

interface Writer {
  child: ChildProcessWithoutNullStreams;
  /** Uids the writer reported durable, so far. */
  acknowledged: () => string[];
  exited: Promise<number | null>;
}

function startWriter(directory: string, count: number, mode: string, name: string): Writer {
  const child = spawn(
    process.execPath,
    [scripts.path('spool-writer'), directory, String(count), mode, name],
    { stdio: 'pipe' },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // 'close', not 'exit': only then has every line the child wrote been read. A SIGKILLed
  // writer's last acknowledgements can still sit in the pipe when 'exit' comes.
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolve(code);
    }),
  );
  // Only complete lines: a uid is acknowledged once its newline is out.
  return { child, acknowledged: () => output.split('\n').slice(0, -1), exited };
}

async function storedUids(sessionPrefix: string, writers: number): Promise<string[]> {
  const uids: string[] = [];
  for (let index = 0; index < writers; index += 1) {
    const { events } = await store().getEvents({ sessionId: `writer-${sessionPrefix}${index}`, limit: 1000 });
    uids.push(...events.map((event) => event.uid));
  }
  return uids.sort();
}

describe('the spool with many writer processes', () => {
  it('stores every event of six concurrent writers exactly once while drains run alongside them', async () => {
    const directory = spoolDirectory();
    const modes = ['close', 'exit', 'once', 'close', 'exit', 'once'];
    const writers = modes.map((mode, index) => startWriter(directory, 25, mode, `c${index}`));
    const drainer = new EventSpool(directory);
    let running = true;
    const allExited = Promise.all(writers.map((writer) => writer.exited)).finally(() => {
      running = false;
    });
    let stored = 0;
    let duplicates = 0;
    while (running) {
      const report = await drainer.drain(store());
      stored += report.stored;
      duplicates += report.duplicates;
      expect(report.warnings).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await allExited).toEqual([0, 0, 0, 0, 0, 0]);
    const last = await drainer.drain(store());
    stored += last.stored;

    const acknowledged = writers.flatMap((writer) => writer.acknowledged()).sort();
    expect(acknowledged).toHaveLength(150);
    expect(stored).toBe(150);
    expect(duplicates).toBe(0);
    expect(await storedUids('c', 6)).toEqual(acknowledged);
    expect(readdirSync(directory).filter((name) => name.includes('.jsonl'))).toEqual([]);
  });

  it('drains every acknowledged event of a writer killed with SIGKILL mid-stream', async () => {
    const directory = spoolDirectory();
    const writer = startWriter(directory, 0, 'forever', 'k0');
    while (writer.acknowledged().length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    writer.child.kill('SIGKILL');
    await writer.exited;
    const acknowledged = writer.acknowledged();
    expect(readdirSync(directory)).toEqual([expect.stringMatching(/^w-\d+-.*\.jsonl\.open$/)]);

    const report = await new EventSpool(directory).drain(store());
    // The writer may have written (not yet acknowledged) one more event, or torn its last line.
    const stored = await storedUids('k', 1);
    expect(stored).toEqual(expect.arrayContaining(acknowledged));
    expect(stored.length - acknowledged.length).toBeLessThanOrEqual(1);
    expect(report.stored).toBe(stored.length);
    expect(report.warnings.length).toBeLessThanOrEqual(1);
    expect(readdirSync(directory).filter((name) => name.includes('.jsonl'))).toEqual([]);
  });
});
