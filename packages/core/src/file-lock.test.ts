import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScripts } from '../test/support/bundle-script';
import { useTempDirectories } from '../test/support/temp-directories';
import { acquireFileLock, StoreLockedError } from './file-lock';

// Every test here runs real node processes against one lock file.
let scripts: Awaited<ReturnType<typeof bundleScripts>>;
const tempDirectory = useTempDirectories('tier1-lock-');

beforeAll(async () => {
  scripts = await bundleScripts({ 'hold-lock': 'test/fixtures/hold-lock.ts' });
});

afterAll(() => scripts?.remove());

function lockPath(): string {
  return join(tempDirectory(), 'store.lock');
}

interface Holder {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** Resolves with the first line the child prints. */
  firstLine: Promise<string>;
  exited: Promise<number | null>;
}

function startHolder(path: string, timeoutMs: number, purpose: string, holdMs?: string): Holder {
  const args = [
    scripts.path('hold-lock'),
    path,
    String(timeoutMs),
    purpose,
    ...(holdMs === undefined ? [] : [holdMs]),
  ];
  const child = spawn(process.execPath, args, { stdio: 'pipe' });
  let output = '';
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output.split('\n')[0] as string);
    });
    child.on('exit', () => resolve(output.split('\n')[0] ?? ''));
    child.on('error', reject);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, firstLine, exited };
}

/** Dates a file an hour before this machine booted. */
function setBeforeBoot(path: string): void {
  const bootSeconds = Date.now() / 1000 - uptime();
  utimesSync(path, bootSeconds - 3600, bootSeconds - 3600);
}

function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  return new Promise((resolve) => child.on('exit', () => resolve(child.pid as number)));
}

describe('acquireFileLock across processes', () => {
  it('keeps a second process out and names the holder when it gives up', async () => {
    const path = lockPath();
    const first = startHolder(path, 1000, 'tier1 events drain');
    expect(await first.firstLine).toBe(`acquired ${first.child.pid}`);

    const second = startHolder(path, 300, 'tier1 events list');
    const refusal = JSON.parse(await second.firstLine) as { code: string; message: string; hint: string };
    expect(await second.exited).toBe(3);
    expect(refusal.code).toBe('STORE_LOCKED');
    expect(refusal.message).toContain(`process ${first.child.pid}`);
    expect(refusal.message).toContain('tier1 events drain');
    expect(refusal.message).toMatch(/since \d{4}-\d\d-\d\dT/);
    expect(refusal.hint).toContain(`stop process ${first.child.pid}`);
    expect(refusal.hint).toContain('DATABASE_URL');
    expect(refusal.hint).toContain('TIER1_LOCK_TIMEOUT_MS');

    first.child.stdin.write('go\n');
    expect(await first.exited).toBe(0);
    expect(existsSync(path)).toBe(false);
  });

  it('lets a waiting process in once the holder releases', async () => {
    const path = lockPath();
    const first = startHolder(path, 1000, 'first', '500');
    await first.firstLine;
    const second = startHolder(path, 20_000, 'second');
    expect(await second.firstLine).toBe(`acquired ${second.child.pid}`);
    // The second got in only after the first had let go.
    expect(first.output()).toContain('released');
    second.child.stdin.write('go\n');
    await Promise.all([first.exited, second.exited]);
  });

  it('takes over the lock of a holder that was killed with SIGKILL', async () => {
    const path = lockPath();
    const first = startHolder(path, 1000, 'doomed');
    await first.firstLine;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(first.child.pid);

    const second = startHolder(path, 5000, 'heir');
    expect(await second.firstLine).toBe(`acquired ${second.child.pid}`);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(second.child.pid);
    second.child.stdin.write('go\n');
    await second.exited;
  });

  const staleLocks: Record<string, (path: string, round: number) => Promise<void>> = {
    'a dead holder': async (path, round) => {
      const pid = await deadPid();
      const since = new Date().toISOString();
      const holder = { pid, host: hostname(), since, purpose: 'dead', token: `${round}`.padStart(24, 'd') };
      writeFileSync(path, JSON.stringify(holder));
    },
    // The holder file is not fsync'd, so a power loss can leave the lock path empty or torn.
    'an empty file from before the last boot (a power loss)': async (path) => {
      writeFileSync(path, '');
      setBeforeBoot(path);
    },
    'a torn file from before the last boot (a power loss)': async (path) => {
      writeFileSync(path, '{"pid":12');
      setBeforeBoot(path);
    },
  };

  for (const [kind, leave] of Object.entries(staleLocks)) {
    it(`lets exactly one of several racing waiters take over the lock of ${kind}`, async () => {
      for (let round = 0; round < 3; round += 1) {
        const path = lockPath();
        await leave(path, round);

        const waiters = Array.from({ length: 4 }, (_, index) => startHolder(path, 1000, `waiter ${index}`));
        const lines = await Promise.all(waiters.map((waiter) => waiter.firstLine));
        const winners = waiters.filter((_, index) => lines[index]?.startsWith('acquired'));
        expect(winners).toHaveLength(1);
        const winner = winners[0] as Holder;
        for (const [index, line] of lines.entries()) {
          if (waiters[index] === winner) continue;
          expect(JSON.parse(line as string).message).toContain(`process ${winner.child.pid}`);
        }
        expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(winner.child.pid);
        winner.child.stdin.write('go\n');
        await Promise.all(waiters.map((waiter) => waiter.exited));
        // No takeover or temporary files are left behind.
        expect(readdirSync(join(path, '..'))).toEqual([]);
      }
    });
  }

  it('releases the lock when the holding process exits without calling release', async () => {
    const path = lockPath();
    const holder = startHolder(path, 1000, 'short-lived', 'exit');
    await holder.firstLine;
    expect(await holder.exited).toBe(0);
    expect(existsSync(path)).toBe(false);
  });
});

describe('acquireFileLock in one process', () => {
  it('times out on a lock it already holds and succeeds after release', async () => {
    const path = lockPath();
    const lock = await acquireFileLock(path, { timeoutMs: 100, purpose: 'test' });
    const error = await acquireFileLock(path, { timeoutMs: 50 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreLockedError);
    expect((error as StoreLockedError).holder?.token).toBe(lock.holder.token);
    lock.release();
    const again = await acquireFileLock(path, { timeoutMs: 100 });
    again.release();
    expect(existsSync(path)).toBe(false);
  });

  it('never deletes a lock file that belongs to someone else', async () => {
    const path = lockPath();
    const lock = await acquireFileLock(path, { timeoutMs: 100 });
    const other = JSON.stringify({
      pid: process.pid,
      host: hostname(),
      since: 'x',
      purpose: 'other',
      token: 'a'.repeat(24),
    });
    writeFileSync(path, other);
    lock.release();
    expect(readFileSync(path, 'utf8')).toBe(other);
  });

  it.each([
    ['not JSON', 'garbage'],
    [
      'a dead holder whose token would name a file elsewhere',
      JSON.stringify({ pid: 2 ** 30, host: hostname(), token: '../../x' }),
    ],
  ])(
    'does not take over a lock it cannot read (%s) written in this boot, and says which file it is',
    async (_, content) => {
      const path = lockPath();
      writeFileSync(path, content);
      const error = (await acquireFileLock(path, { timeoutMs: 50 }).catch(
        (caught: unknown) => caught,
      )) as StoreLockedError;
      expect(error.code).toBe('STORE_LOCKED');
      expect(error.message).toContain(`the lock file ${path} cannot be read`);
      expect(error.hint).toContain(`delete ${path}`);
    },
  );
});
