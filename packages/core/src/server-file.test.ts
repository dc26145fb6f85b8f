import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findServer,
  removeServerFile,
  type ServerInfo,
  serverFilePath,
  serverFileState,
  writeServerFile,
} from './server-file';

const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

function home(): string {
  const made = mkdtempSync(join(tmpdir(), 'tier1-server-file-'));
  homes.push(made);
  return made;
}

function info(pid: number, extra: Partial<ServerInfo> = {}): ServerInfo {
  return {
    pid,
    host: hostname(),
    url: 'http://127.0.0.1:4319',
    storeUrl: 'postgres://tier1@127.0.0.1:5999/tier1',
    backend: 'pglite',
    store: 'PGlite at /x/.tier1/db',
    startedAt: new Date().toISOString(),
    ...extra,
  };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

describe('server.json', () => {
  it('finds a live server, written whole and readable by its owner only', () => {
    const directory = home();
    writeServerFile(directory, info(process.pid, { token: 't' }));
    expect(findServer(directory)).toMatchObject({ pid: process.pid, token: 't' });
    expect(statSync(serverFilePath(directory)).mode & 0o777).toBe(0o600);
    expect(serverFileState(directory).state).toBe('running');
  });

  it("ignores a dead server's file, another host's, and one that does not parse", () => {
    const directory = home();
    writeServerFile(directory, info(deadPid()));
    expect(findServer(directory)).toBeUndefined();
    expect(serverFileState(directory).state).toBe('stale');
    writeServerFile(directory, info(process.pid, { host: 'elsewhere' }));
    expect(findServer(directory)).toBeUndefined();
    writeFileSync(serverFilePath(directory), '{"pid": 1, "url":');
    expect(findServer(directory)).toBeUndefined();
    expect(serverFileState(directory).state).toBe('absent');
    expect(serverFileState(home()).state).toBe('absent');
  });

  it('is removed only by the server it describes', () => {
    const directory = home();
    writeServerFile(directory, info(process.pid));
    removeServerFile(directory, process.pid + 1);
    expect(findServer(directory)?.pid).toBe(process.pid);
    removeServerFile(directory, process.pid);
    expect(serverFileState(directory).state).toBe('absent');
  });
});
