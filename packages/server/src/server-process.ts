import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { findServer, isProcessAlive, requestServer, type ServerInfo, Tier1Error } from '@tier1/core';

/** initdb of a new embedded store takes 10-15 s on a busy 2-core machine (docs/events.md). */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(server: ServerInfo): Promise<boolean> {
  try {
    return (await requestServer(server, '/health', { timeoutMs: 2000 })).status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts `tier1 serve` in the background (its own session, output in `<home>/server.log`) and
 * waits until it answers; returns the one already running if there is one.
 * `command` is how to run it, e.g. `[process.execPath, '/…/tier1.mjs', 'serve']`.
 */
export async function startDetachedServer(
  home: string,
  command: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ServerInfo> {
  const running = findServer(home);
  if (running) return running;
  mkdirSync(home, { recursive: true });
  const logPath = join(home, 'server.log');
  const log = openSync(logPath, 'a');
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: options.env,
    cwd: options.cwd,
  });
  closeSync(log);
  let exitCode: number | null = null;
  child.on('exit', (code) => {
    exitCode = code ?? 1;
  });
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const server = findServer(home);
    if (server && (await answers(server))) return server;
    if (exitCode !== null) {
      // Another start may have won the race: its server is as good as ours.
      const winner = findServer(home);
      if (winner && (await answers(winner))) return winner;
      throw new Tier1Error(
        'SERVER_START_FAILED',
        `tier1 serve exited with code ${exitCode} before it answered`,
        {
          hint: `read ${logPath} for why`,
        },
      );
    }
    await sleep(50);
  }
  throw new Tier1Error(
    'SERVER_START_FAILED',
    `tier1 serve did not answer within ${START_TIMEOUT_MS / 1000} s`,
    {
      hint: `read ${logPath} for why`,
    },
  );
}

/** Sends SIGTERM to the running server and waits until it has drained and exited. Undefined when none ran. */
export async function stopServer(home: string): Promise<ServerInfo | undefined> {
  const server = findServer(home);
  if (!server) return undefined;
  process.kill(server.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isProcessAlive(server.pid)) {
    if (Date.now() > deadline) {
      throw new Tier1Error(
        'SERVER_STOP_FAILED',
        `tier1 serve (pid ${server.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s`,
        {
          hint: `kill ${server.pid} by hand if it hangs; the next tier1 serve replaces its files`,
        },
      );
    }
    await sleep(50);
  }
  return server;
}
