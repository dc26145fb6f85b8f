import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireFileLock, writeFileAtomicSync } from '@tier1/core';
import { sanitizeJson } from '@tier1/events';
import type { ActionItem } from './action-item';

/** What Tier 1 knows of one Claude Code session's action list. */
export interface SessionMirror {
  sessionId: string;
  items: ActionItem[];
  updatedAt: string;
}

/** Session ids are UUIDs from Claude Code; anything else is made safe to use as a file name. */
function fileNameFor(sessionId: string): string {
  const safe = sessionId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
  return `${safe === '' || safe.startsWith('.') ? `_${safe}` : safe}.json`;
}

/** Claude Code may run hooks of parallel tool calls at once; a change waits this long for another. */
const MIRROR_LOCK_TIMEOUT_MS = 3_000;

/**
 * The per-session mirror file `<home>/sessions/<session_id>.json`. Each hook call is its own
 * process, so the file is the memory between calls. It is replaced whole (write a temporary
 * file, fsync, rename), so a reader never sees half a file, and changed only under a lock
 * (`update`), so two overlapping hooks never lose each other's change.
 */
export class SessionMirrorStore {
  readonly directory: string;

  readonly #warn: (message: string) => void;
  readonly #secrets: readonly string[];

  /**
   * `warn` receives problems that do not stop the hook, such as a damaged mirror file; `secrets`
   * are configured values (N8N_API_KEY) never written to a mirror, as never to an event.
   */
  constructor(home: string, warn: (message: string) => void, options: { secrets?: readonly string[] } = {}) {
    this.directory = join(home, 'sessions');
    this.#warn = warn;
    this.#secrets = options.secrets ?? [];
  }

  pathFor(sessionId: string): string {
    return join(this.directory, fileNameFor(sessionId));
  }

  load(sessionId: string): SessionMirror {
    try {
      const parsed = JSON.parse(readFileSync(this.pathFor(sessionId), 'utf8')) as Partial<SessionMirror>;
      if (Array.isArray(parsed.items))
        return { sessionId, items: parsed.items, updatedAt: String(parsed.updatedAt ?? '') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        // A damaged mirror is rebuilt from the agent's next list rather than blocking the hook.
        this.#warn(
          `ignoring unreadable session mirror ${this.pathFor(sessionId)}: ${(error as Error).message}`,
        );
      }
    }
    return { sessionId, items: [], updatedAt: '' };
  }

  /**
   * Loads the mirror under the session's lock, lets `change` modify it, and saves it if
   * `change` says it changed something. Returns what `change` returns.
   */
  async update<T>(
    sessionId: string,
    change: (mirror: SessionMirror) => { changed: boolean; result: T },
  ): Promise<T> {
    const lock = await acquireFileLock(`${this.pathFor(sessionId)}.lock`, {
      timeoutMs: MIRROR_LOCK_TIMEOUT_MS,
      purpose: 'tier1-hook',
      resource: `the action items of session ${sessionId}`,
    });
    try {
      const mirror = this.load(sessionId);
      const { changed, result } = change(mirror);
      if (changed) this.save(mirror);
      return result;
    } finally {
      lock.release();
    }
  }

  save(mirror: SessionMirror): void {
    // Written to disk like an event is stored: storable text, no secret in the clear (docs/events.md).
    const safe = sanitizeJson({ ...mirror, updatedAt: new Date().toISOString() }, { secrets: this.#secrets });
    writeFileAtomicSync(this.pathFor(mirror.sessionId), `${JSON.stringify(safe, null, 2)}\n`);
  }
}
