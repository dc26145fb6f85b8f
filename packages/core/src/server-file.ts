import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostName } from './host-name';
import { isProcessAlive } from './process-alive';

/** What a running `tier1 serve` tells the other Tier 1 processes of its project, in `<home>/server.json`. */
export interface ServerInfo {
  pid: number;
  /** The machine it runs on: a pid means nothing on another host (a home on a network share). */
  host: string;
  /** http://<address>:<port> of hooks, events and the dashboard. */
  url: string;
  /** postgres://… of the shared embedded store; null when the server uses DATABASE_URL's PostgreSQL. */
  storeUrl: string | null;
  backend: 'pglite' | 'postgres';
  /** "PGlite at <dir>" or "PostgreSQL at host:port/db". */
  store: string;
  startedAt: string;
  /** Present when the server listens beyond loopback: requests must carry it (Authorization: Bearer). */
  token?: string;
}

export function serverFilePath(home: string): string {
  return join(home, 'server.json');
}

/** Written whole or not at all (a temporary file renamed over it), so a client never reads half of it. */
export function writeServerFile(home: string, info: ServerInfo): void {
  const path = serverFilePath(home);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Removes the file if it still describes the server `pid` (a newer server may have replaced it). */
export function removeServerFile(home: string, pid: number): void {
  if (readServerFileRaw(home)?.pid === pid) rmSync(serverFilePath(home), { force: true });
}

function readServerFileRaw(home: string): ServerInfo | undefined {
  let text: string;
  try {
    text = readFileSync(serverFilePath(home), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const info = JSON.parse(text) as Partial<ServerInfo>;
    const valid =
      Number.isInteger(info.pid) &&
      typeof info.host === 'string' &&
      typeof info.url === 'string' &&
      (info.storeUrl === null || typeof info.storeUrl === 'string') &&
      (info.backend === 'pglite' || info.backend === 'postgres') &&
      typeof info.store === 'string';
    return valid ? (info as ServerInfo) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The server of this home when one runs on this machine. A file left by a server that died
 * (SIGKILL, a crash, a reboot) names a pid that is gone: it is ignored, and the next server
 * replaces it. A file that does not parse is treated the same way.
 */
export function findServer(home: string): ServerInfo | undefined {
  const info = readServerFileRaw(home);
  if (!info || info.host !== hostName() || !isProcessAlive(info.pid)) return undefined;
  return info;
}

/** What `tier1 doctor` says about the file: running, stale (a dead server's), or absent. */
export function serverFileState(
  home: string,
): { state: 'running'; info: ServerInfo } | { state: 'stale'; info: ServerInfo } | { state: 'absent' } {
  const info = readServerFileRaw(home);
  if (!info) return { state: 'absent' };
  return findServer(home) ? { state: 'running', info } : { state: 'stale', info };
}
