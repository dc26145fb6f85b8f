// A worker thread's side of a threaded secret scan (scan-in-threads.ts): it reads the project's
// .gitleaks.toml itself (a configuration holds functions, which cannot be posted), then scans
// each batch of files it is sent and replies with the batch's tally, or with why it could not.
import { parentPort, workerData } from 'node:worker_threads';
import { Tier1Error } from '@tier1/core';
import { readGitleaksConfig } from './gitleaks-file';
import type { ScanBatch, ScanWorkerData, ScanWorkerFailure, ScanWorkerReply } from './scan-in-threads';
import { emptyTally, tallyFiles } from './scan-tally';

function failure(error: unknown): ScanWorkerFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (!Tier1Error.isInstance(error)) return { failed: { message } };
  return { failed: { message, code: error.code, hint: error.hint, userMistake: error.userMistake } };
}

const port = parentPort;
const { root, maxFileBytes } = workerData as ScanWorkerData;
const config = readGitleaksConfig(root);
// Awaited with the first batch: until then its failure must not count as unhandled.
config.catch(() => undefined);
port?.on('message', async ({ files }: ScanBatch) => {
  let reply: ScanWorkerReply;
  try {
    reply = tallyFiles(emptyTally(), root, files, maxFileBytes, await config);
  } catch (error) {
    reply = failure(error);
  }
  port.postMessage(reply);
});
