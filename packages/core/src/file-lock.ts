import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import { Tier1Error } from './errors';
import { hostName } from './host-name';
import { isProcessAlive } from './process-alive';
import { randomBytes } from './random-bytes';

/*
 * PGlite takes no lock on its data directory: two processes that open the same directory both
 * succeed, both write, and the directory is left unreadable (`RuntimeError: Aborted()` on the
 * next open): an open upstream issue (docs/spool.md, "The store lock").
 * This lock is what Tier 1 takes before opening it.
 *
 * The lock is a file whose content names its holder (pid, host, since when, purpose, a random
 * token). It is created whole or not at all: the content is written to a private temporary file,
 * then hard-linked to the lock path, and link() fails with EEXIST if the path exists. So a reader
 * never sees a half-written holder.
 *
 * The content is not fsync'd: the sync was most of an HTTP hook's lock time, and only a power
 * loss can undo the write, which also kills every holder. Such a lock file may come back empty
 * or torn; since a lock file always has its content while its boot lasts, an unreadable one
 * written before this boot is stale.
 *
 * A stale lock (same host and pid gone, or unreadable from an earlier boot) is taken over.
 * Renaming or deleting the lock path after reading it is a race: between the read and the delete
 * another waiter may have replaced the stale lock with its own, live one. So the right to delete
 * a stale lock with identity T (its token, or for an unreadable file its inode and mtime) is
 * itself an exclusive file, `<lock>.takeover-T`: only its creator re-reads the lock and deletes
 * it if it still has identity T. T never comes back once deleted, so a late waiter that wins
 * `takeover-T` afterwards sees another identity and deletes nothing. A takeover file whose
 * creator died is in turn taken over the same way.
 */

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  purpose: string;
  token: string;
}

export interface FileLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Deletes the lock file if it is still this holder's. Safe to call twice. */
  release(): void;
}

export interface AcquireFileLockOptions {
  /** How long to wait for another holder before failing with STORE_LOCKED. */
  timeoutMs: number;
  /** Shown to whoever waits for this lock, e.g. "tier1 events drain". */
  purpose?: string;
  /** What the lock guards, named in the error (defaults to the lock file's directory). */
  resource?: string;
}

/** Another live process holds the lock and did not let go within the timeout. */
export class StoreLockedError extends Tier1Error {
  readonly holder: LockHolder | undefined;

  constructor(resource: string, holder: LockHolder | undefined, waitedMs: number, lockPath: string) {
    const who = holder
      ? `process ${holder.pid} on ${holder.host} (since ${holder.since}, ${holder.purpose})`
      : `an unknown process (the lock file ${lockPath} cannot be read)`;
    const stop = holder ? `stop process ${holder.pid}` : `delete ${lockPath} if no Tier 1 process is running`;
    super('STORE_LOCKED', `${resource} is in use by ${who}; waited ${waitedMs} ms`, {
      hint: `wait for it to finish, ${stop}, or set DATABASE_URL to use PostgreSQL, which many processes can share; set TIER1_LOCK_TIMEOUT_MS to wait longer`,
    });
    this.holder = holder;
  }
}

const MAX_TAKEOVER_DEPTH = 8;

function defaultPurpose(): string {
  const script = process.argv[1] ? basename(process.argv[1]) : 'node';
  return [script, ...process.argv.slice(2)].join(' ').slice(0, 200);
}

/** A lock or takeover file as read: its holder, or when it cannot be read, when it was written. */
type LockFileState =
  | { holder: LockHolder; identity: string }
  | { holder: undefined; identity: string; writtenAtMs: number };

function readLockFile(path: string): LockFileState | 'missing' {
  try {
    const holder = parseHolder(readFileSync(path, 'utf8'));
    if (holder) return { holder, identity: holder.token };
    const { ino, mtimeMs } = statSync(path);
    return { holder, identity: `unreadable-${ino}-${mtimeMs}`, writtenAtMs: mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/** A token names a takeover file, so one that is not what acquireFileLock writes is no holder. */
const TOKEN = /^[0-9a-f]{24}$/;

function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as LockHolder;
    return typeof holder?.pid === 'number' && TOKEN.test(String(holder.token)) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a lock or takeover file may be taken over: see the comment at the top. */
function isStale(state: LockFileState): boolean {
  if (state.holder === undefined) return state.writtenAtMs < lastBootTime();
  // A holder on another host (a shared filesystem) cannot be checked, so it is never taken over.
  return state.holder.host === hostName() && !isProcessAlive(state.holder.pid);
}

/** When this machine booted, less a second for the rounding of its uptime. */
function lastBootTime(): number {
  return Date.now() - (process.getBuiltinModule('node:os').uptime() + 1) * 1000;
}

/** Hard-links the prepared holder file to `target`; false if `target` exists. */
function linkExclusive(source: string, target: string): boolean {
  try {
    linkSync(source, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Deletes `path`, a stale lock or takeover file, if it still has `identity`.
 * Returns whether the caller should try again to create its lock now.
 */
function removeStale(lockPath: string, path: string, identity: string, mine: string, depth: number): boolean {
  const takeover = `${lockPath}.takeover-${identity}`;
  if (!linkExclusive(mine, takeover)) {
    const other = readLockFile(takeover);
    if (other === 'missing') return true;
    if (!isStale(other) || depth >= MAX_TAKEOVER_DEPTH) return false;
    // Whoever started this takeover died half-way: take over its takeover, then this one.
    if (!removeStale(lockPath, takeover, other.identity, mine, depth + 1)) return false;
    if (!linkExclusive(mine, takeover)) return false;
  }
  try {
    const current = readLockFile(path);
    if (current !== 'missing' && current.identity === identity) unlinkSync(path);
    return true;
  } finally {
    unlinkIfPresent(takeover);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes an exclusive lock shared by every process on this host: a second caller waits (polling
 * with backoff) up to `timeoutMs`, then throws StoreLockedError (code STORE_LOCKED) naming the
 * holder. A lock left by a dead process is taken over. The lock is released by `release()` or
 * when this process exits.
 */
export async function acquireFileLock(path: string, options: AcquireFileLockOptions): Promise<FileLock> {
  mkdirSync(dirname(path), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    host: hostName(),
    since: new Date().toISOString(),
    purpose: options.purpose ?? defaultPurpose(),
    token: randomBytes(12).toString('hex'),
  };
  const prepared = `${path}.${holder.token}.tmp`;
  const fd = openSync(prepared, 'wx');
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }

  const started = Date.now();
  let delay = 10;
  let lastSeen: LockHolder | undefined;
  try {
    for (;;) {
      if (linkExclusive(prepared, path)) return heldLock(path, holder);
      const current = readLockFile(path);
      if (current === 'missing') continue;
      lastSeen = current.holder;
      if (isStale(current) && removeStale(path, path, current.identity, prepared, 0)) continue;
      const waited = Date.now() - started;
      if (waited >= options.timeoutMs) {
        throw new StoreLockedError(options.resource ?? dirname(path), lastSeen, waited, path);
      }
      await sleep(Math.min(delay * (0.5 + Math.random()), options.timeoutMs - waited));
      delay = Math.min(delay * 1.5, 250);
    }
  } finally {
    unlinkIfPresent(prepared);
  }
}

function heldLock(path: string, holder: LockHolder): FileLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const current = readLockFile(path);
    // Only ever delete our own lock: after a takeover the file may be someone else's.
    if (current !== 'missing' && current.identity === holder.token) unlinkIfPresent(path);
  };
  process.on('exit', release);
  return { path, holder, release };
}
