import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { acquireFileLock, writeFileAtomicSync } from '@tier1/core';
import type { EvidenceKind, EvidenceOutcome } from './command-evidence';
import type { SessionMirrorStore } from './session-mirror';

/** The latest outcome of one kind of check in a session, and the event that recorded it. */
export interface EvidenceEntry {
  kind: EvidenceKind;
  outcome: EvidenceOutcome;
  /** The command, secrets redacted, at most 200 characters. */
  command: string;
  /** What showed the outcome: the runner's summary or the error's first line (sanitised). */
  summary: string;
  hookEventName: 'PostToolUse' | 'PostToolUseFailure';
  toolUseId: string | null;
  /** The uid of the event the hook recorded for the call; null when none was. */
  eventUid: string | null;
  promptId: string | null;
  at: string;
}

/** What a session did, kind by kind: the latest of each, and the latest success of each. */
export interface SessionEvidence {
  latest: Partial<Record<EvidenceKind, EvidenceEntry>>;
  lastPassed: Partial<Record<EvidenceKind, EvidenceEntry>>;
}

const LOCK_TIMEOUT_MS = 3_000;

/**
 * `<home>/sessions/<session>.evidence.json`, beside the session's action-item mirror: each hook
 * call is its own process, so the file is what a Stop call knows of the calls before it. Written
 * only for calls that are evidence of something (a test run, a commit, ...), under a lock,
 * replaced whole.
 */
export class SessionEvidenceStore {
  readonly #mirrors: SessionMirrorStore;
  readonly #warn: (message: string) => void;

  constructor(mirrors: SessionMirrorStore, warn: (message: string) => void) {
    this.#mirrors = mirrors;
    this.#warn = warn;
  }

  pathFor(sessionId: string): string {
    return this.#mirrors.pathFor(sessionId).replace(/\.json$/, '.evidence.json');
  }

  load(sessionId: string): SessionEvidence {
    const path = this.pathFor(sessionId);
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<SessionEvidence>;
      if (parsed && typeof parsed.latest === 'object' && typeof parsed.lastPassed === 'object')
        return { latest: parsed.latest ?? {}, lastPassed: parsed.lastPassed ?? {} };
      this.#warn(`ignoring session evidence ${path}: not an evidence file`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.#warn(`ignoring unreadable session evidence ${path}: ${(error as Error).message}`);
    }
    return { latest: {}, lastPassed: {} };
  }

  async record(sessionId: string, entries: readonly EvidenceEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const path = this.pathFor(sessionId);
    mkdirSync(dirname(path), { recursive: true });
    const lock = await acquireFileLock(`${path}.lock`, {
      timeoutMs: LOCK_TIMEOUT_MS,
      purpose: 'tier1-hook',
      resource: `the evidence of session ${sessionId}`,
    });
    try {
      const evidence = this.load(sessionId);
      for (const entry of entries) {
        evidence.latest[entry.kind] = entry;
        if (entry.outcome === 'passed') evidence.lastPassed[entry.kind] = entry;
      }
      // Not fsync'd: after a power loss a damaged file is ignored with a warning (load) and the
      // next test run records the evidence again; the sync was a fifth of an HTTP hook's time.
      writeFileAtomicSync(path, `${JSON.stringify(evidence, null, 2)}\n`, { durable: false });
    } finally {
      lock.release();
    }
  }
}
