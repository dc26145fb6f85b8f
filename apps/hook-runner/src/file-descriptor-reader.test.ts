import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, open, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readBounded } from '@tier1/hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileDescriptorReader } from './file-descriptor-reader';

/*
 * Real descriptors: a file, and named pipes (mkfifo) standing in for the pipe Claude Code
 * writes a hook's input into.
 */

let directory: string;
const opened: number[] = [];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tier1-fd-reader-'));
});
afterEach(() => {
  for (const fd of opened.splice(0)) closeSync(fd);
  rmSync(directory, { recursive: true, force: true });
});

/** Closes a descriptor this test opened (once: a number closed twice may be someone else's by then). */
function close(fd: number): void {
  opened.splice(opened.indexOf(fd), 1);
  closeSync(fd);
}

/** A named pipe opened blocking at both ends, as a hook's stdin is: returns [read fd, write fd]. */
async function blockingPipe(): Promise<[number, number]> {
  const path = join(directory, `fifo-${opened.length}`);
  execFileSync('mkfifo', [path]);
  // Opening one end of a FIFO waits for the other: the read end opens on the thread pool.
  const reading = promisify(open)(path, 'r');
  const writeFd = openSync(path, 'w');
  const readFd = await reading;
  opened.push(readFd, writeFd);
  return [readFd, writeFd];
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
};

describe('FileDescriptorReader', () => {
  it('reads a file descriptor to its end', async () => {
    const path = join(directory, 'input.json');
    writeFileSync(path, `{"text": "${'x'.repeat(200_000)}"}`);
    const fd = openSync(path, 'r');
    opened.push(fd);
    const result = await readBounded(new FileDescriptorReader(fd));
    expect(result).toEqual({ kind: 'ok', text: `{"text": "${'x'.repeat(200_000)}"}` });
  });

  it('reads a pipe written in parts until its writer closes it, leaving no read in progress', async () => {
    const [readFd, writeFd] = await blockingPipe();
    const reader = new FileDescriptorReader(readFd);
    const pending = readBounded(reader, { timeoutMs: 5_000 });
    writeSync(writeFd, '{"session_id": ');
    await new Promise((resolve) => setTimeout(resolve, 30));
    writeSync(writeFd, '"s"}');
    close(writeFd);
    expect(await pending).toEqual({ kind: 'ok', text: '{"session_id": "s"}' });
    expect(reader.readInProgress).toBe(false);
  });

  it('reads nothing until someone listens for data', async () => {
    const [readFd, writeFd] = await blockingPipe();
    const reader = new FileDescriptorReader(readFd);
    writeSync(writeFd, 'unread');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reader.readInProgress).toBe(false);
    close(writeFd);
    expect(await readBounded(reader)).toEqual({ kind: 'ok', text: 'unread' });
  });

  it('says a read is still in progress when the writer neither writes nor closes', async () => {
    const [readFd, writeFd] = await blockingPipe();
    const reader = new FileDescriptorReader(readFd);
    writeSync(writeFd, '{"partial": ');
    expect(await readBounded(reader, { timeoutMs: 100 })).toEqual({ kind: 'timeout', bytesRead: 12 });
    expect(reader.readInProgress).toBe(true);
    // Closing the writer ends that read, so this test's worker can exit.
    close(writeFd);
    expect(await waitFor(() => !reader.readInProgress)).toBe(true);
  });

  it('stops reading at the byte limit', async () => {
    const [readFd, writeFd] = await blockingPipe();
    const reader = new FileDescriptorReader(readFd);
    const pending = readBounded(reader, { maxBytes: 1000 });
    writeSync(writeFd, Buffer.alloc(4000, 'a'));
    expect(await pending).toMatchObject({ kind: 'too_large' });
    // More input arrives, but nothing reads it: no read is in progress and none starts.
    writeSync(writeFd, 'more');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reader.readInProgress).toBe(false);
  });

  it('waits on a non-blocking descriptor instead of failing with EAGAIN', async () => {
    const path = join(directory, 'fifo-nonblocking');
    execFileSync('mkfifo', [path]);
    const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(path, 'w');
    opened.push(readFd, writeFd);
    const reader = new FileDescriptorReader(readFd);
    const pending = readBounded(reader, { timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeSync(writeFd, '{"late": true}');
    close(writeFd);
    expect(await pending).toEqual({ kind: 'ok', text: '{"late": true}' });
  });

  it('reports a descriptor that cannot be read', async () => {
    const fd = openSync(join(directory, 'write-only'), 'w');
    opened.push(fd);
    expect(await readBounded(new FileDescriptorReader(fd))).toEqual({
      kind: 'error',
      message: expect.stringContaining('EBADF'),
    });
  });
});
