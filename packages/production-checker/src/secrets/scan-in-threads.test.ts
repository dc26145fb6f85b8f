import { Worker } from 'node:worker_threads';
import { Tier1Error } from '@tier1/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorker, type SharedScan } from './scan-in-threads';
import { emptyTally } from './scan-tally';

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

/** A worker running `onBatch(files)` (CommonJS source) for each batch it is sent. */
function fakeWorker(onBatch: string): Worker {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', ({ files }) => { ${onBatch} });`,
    { eval: true },
  );
  workers.push(worker);
  return worker;
}

function sharedScan(batches: string[][]): SharedScan & { stopScan: AbortController } {
  const stopScan = new AbortController();
  const queue = [...batches];
  return { take: () => queue.shift(), total: emptyTally(), stop: stopScan.signal, stopScan };
}

const REPLY_TALLY = `parentPort.postMessage({ findings: [], allowed: 1, filesScanned: files.length,
  bytesScanned: 10 * files.length, tooLargeFiles: [],
  skipped: { binary: 0, tooLarge: 0, notRegular: 0, missing: 0, unreadable: 0 } });`;

describe('runWorker', () => {
  it('sends every batch and adds up the replies', async () => {
    const shared = sharedScan([['a', 'b'], ['c'], ['d', 'e', 'f']]);
    await runWorker(fakeWorker(REPLY_TALLY), shared);
    expect(shared.total).toMatchObject({ filesScanned: 6, bytesScanned: 60, allowed: 3 });
    expect(shared.take()).toBeUndefined();
  });

  it("rejects with the worker's own Tier1Error, its code and hint kept", async () => {
    const failing = fakeWorker(
      `parentPort.postMessage({ failed: { message: '.gitleaks.toml: bad', code: 'GITLEAKS_CONFIG_INVALID', hint: 'fix it', userMistake: true } });`,
    );
    const error = await runWorker(failing, sharedScan([['a']])).catch((caught: unknown) => caught);
    expect(Tier1Error.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'GITLEAKS_CONFIG_INVALID', hint: 'fix it', userMistake: true });
  });

  it('rejects with a SecretScanThreadError when the worker throws or exits', async () => {
    const throwing = fakeWorker(`throw new Error('boom in ' + files[0]);`);
    await expect(runWorker(throwing, sharedScan([['a.ts']]))).rejects.toMatchObject({
      code: 'SECRET_SCAN_THREAD_FAILED',
      message: expect.stringContaining('boom in a.ts'),
    });
    const exiting = fakeWorker('process.exit(3);');
    await expect(runWorker(exiting, sharedScan([['a.ts']]))).rejects.toThrow(/exited with code 3/);
  });

  it('rejects as soon as the scan is stopped, even while the worker is busy', async () => {
    const shared = sharedScan([['a']]);
    const silent = fakeWorker('/* never replies */');
    const running = runWorker(silent, shared);
    shared.stopScan.abort(new Error('stopped'));
    await expect(running).rejects.toThrow('stopped');
  });
});
