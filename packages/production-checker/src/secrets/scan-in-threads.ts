import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Tier1Error } from '@tier1/core';
import type { SecretsConfig } from '@tier1/secrets';
import { addTally, emptyTally, type ScanTally, tallyFiles } from './scan-tally';

/** What a scan worker is started with. */
export interface ScanWorkerData {
  root: string;
  maxFileBytes: number;
}

/** A batch of files (relative to the root) sent to a worker. */
export interface ScanBatch {
  files: readonly string[];
}

/** What a worker could not do, posted rather than thrown so that a Tier1Error keeps its code and hint. */
export interface ScanWorkerFailure {
  failed: { message: string; code?: string; hint?: string; userMistake?: boolean };
}

/** A worker's reply to a batch. */
export type ScanWorkerReply = ScanTally | ScanWorkerFailure;

/** A scan worker thread failed for a reason that is not a Tier1Error of its own. */
export class SecretScanThreadError extends Tier1Error {
  constructor(problem: string) {
    super('SECRET_SCAN_THREAD_FAILED', `a secret-scan worker thread failed: ${problem}`, {
      hint: 'pass `threads: 1` to scanSecrets to scan in the calling thread, and report this message',
    });
  }
}

/** The error a worker's failure stands for: its own Tier1Error (code and hint kept), or a thread error. */
function threadFailure({ failed }: ScanWorkerFailure): Tier1Error {
  if (failed.code === undefined) return new SecretScanThreadError(failed.message);
  return new Tier1Error(failed.code, failed.message, { hint: failed.hint, userMistake: failed.userMistake });
}

/** Files per batch: small enough that a thread slowed by the machine leaves the rest to the others. */
const BATCH_FILES = 64;
/** Batches sent to a worker ahead of its replies, so that it never waits for the calling thread. */
const BATCHES_IN_FLIGHT = 2;

let bundledWorker: Promise<URL> | undefined;

/**
 * The worker's script: beside this module once built (tsup's `scan-worker` entry). Run from the
 * TypeScript sources (vitest), it is bundled first with esbuild, since Node 20 cannot run
 * TypeScript, as load-checker-config.ts does for a `.ts` configuration.
 */
function workerScript(): Promise<URL> {
  if (!import.meta.url.endsWith('.ts')) return Promise.resolve(new URL('./scan-worker.js', import.meta.url));
  bundledWorker ??= (async () => {
    const { build } = await import('esbuild');
    const { outputFiles } = await build({
      entryPoints: [fileURLToPath(new URL('./scan-worker.ts', import.meta.url))],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@tier1/source'],
      logLevel: 'silent',
    });
    const code = outputFiles[0]?.text ?? '';
    return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  })();
  return bundledWorker;
}

export interface ThreadedScanOptions {
  /** Threads scanning, the calling one included: 1 starts no worker. */
  threads: number;
  maxFileBytes: number;
  config: SecretsConfig;
  signal?: AbortSignal;
}

/** What the threads of one scan share: the next batch, the tally, and the signal that stops them all. */
export interface SharedScan {
  take(): readonly string[] | undefined;
  total: ScanTally;
  stop: AbortSignal;
}

/** One worker, fed batches until there are none left; settles when it has replied to all it was sent. */
export function runWorker(worker: Worker, shared: SharedScan): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    const send = (): boolean => {
      const files = shared.take();
      if (files === undefined) return false;
      worker.postMessage({ files } satisfies ScanBatch);
      inFlight += 1;
      return true;
    };
    worker.on('message', (reply: ScanWorkerReply) => {
      if ('failed' in reply) return reject(threadFailure(reply));
      inFlight -= 1;
      addTally(shared.total, reply);
      send();
      if (inFlight === 0) resolve();
    });
    worker.on('error', (error) => reject(new SecretScanThreadError(error.message)));
    worker.on('messageerror', (error) => reject(new SecretScanThreadError(error.message)));
    worker.on('exit', (code) => reject(new SecretScanThreadError(`it exited with code ${code}`)));
    shared.stop.addEventListener('abort', () => reject(shared.stop.reason), { once: true });
    for (let sent = 0; sent < BATCHES_IN_FLIGHT && send(); sent += 1);
    if (inFlight === 0) resolve();
  });
}

/** Starts `count` workers once their script is ready (the calling thread scans meanwhile) and runs them. */
async function runWorkers(
  count: number,
  data: ScanWorkerData,
  shared: SharedScan,
  started: Worker[],
): Promise<void> {
  const script = await workerScript().catch((error: Error) => {
    bundledWorker = undefined;
    throw new SecretScanThreadError(`its script could not be prepared (${error.message})`);
  });
  if (shared.stop.aborted) return;
  // No execArgv of the process: a flag such as --input-type would keep the worker from starting.
  for (let index = 0; index < count; index += 1)
    started.push(new Worker(script, { workerData: data, execArgv: [] }));
  await Promise.all(started.map((worker) => runWorker(worker, shared)));
}

/**
 * The calling thread's share: batches one after another, letting the event loop run between them,
 * until there are none left once the rest of the files has been listed (`listed`).
 */
async function scanHere(
  shared: SharedScan,
  listed: Promise<void>,
  root: string,
  maxFileBytes: number,
  config: SecretsConfig,
): Promise<void> {
  for (let files = shared.take(); ; files = shared.take()) {
    if (files === undefined) {
      await listed;
      files = shared.take();
      if (files === undefined) return;
    }
    // The other checks, timers, an abort and the workers' replies get their turn between batches.
    await new Promise((resolve) => setImmediate(resolve));
    shared.stop.throwIfAborted();
    tallyFiles(shared.total, root, files, maxFileBytes, config);
  }
}

/** The files of a scan, relative to its root: the rest may still be being listed when the first are scanned. */
export interface FilesToScan {
  first: readonly string[];
  rest: Promise<readonly string[]>;
}

/**
 * Scans the files in the calling thread and `threads - 1` worker threads (git-secrets' `git grep`
 * is threaded too), each taking the next batch of files when done with one; the rest of the files
 * join the queue when listed. Every worker is terminated before this settles; a worker's failure,
 * its exit or an abort rejects at once.
 */
export async function scanInThreads(
  root: string,
  { first, rest }: FilesToScan,
  { threads, maxFileBytes, config, signal }: ThreadedScanOptions,
): Promise<ScanTally> {
  const files = [...first];
  const listed = rest.then((more) => {
    files.push(...more);
  });
  // Awaited by the calling thread once it runs out of files; until then a failure is not unhandled.
  listed.catch(() => undefined);
  let next = 0;
  const take = () => {
    if (next >= files.length) return undefined;
    // Smaller batches at the end: a thread still busy with a whole batch keeps the others waiting.
    const ending = files.length - next < threads * BATCHES_IN_FLIGHT * BATCH_FILES;
    const batch = files.slice(next, next + (ending ? BATCH_FILES / 4 : BATCH_FILES));
    next += batch.length;
    return batch;
  };
  const failed = new AbortController();
  const stop = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
  const shared: SharedScan = { take, total: emptyTally(), stop };
  const workers: Worker[] = [];
  const helpers = Math.min(threads, Math.ceil(files.length / BATCH_FILES)) - 1;
  try {
    await Promise.all([
      scanHere(shared, listed, root, maxFileBytes, config),
      helpers > 0 ? runWorkers(helpers, { root, maxFileBytes }, shared, workers) : undefined,
    ]);
  } finally {
    failed.abort();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return shared.total;
}
