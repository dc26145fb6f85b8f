import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CLAIM_KINDS } from './claims';
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

const EVIDENCE_KINDS: ReadonlySet<string> = new Set(CLAIM_KINDS.filter((kind) => kind !== 'done'));
const OUTCOMES: ReadonlySet<string> = new Set<EvidenceOutcome>(['passed', 'failed', 'unknown']);

function isEntry(value: unknown): value is EvidenceEntry {
  const entry = value as Partial<EvidenceEntry> | null;
  return EVIDENCE_KINDS.has(entry?.kind as string) && OUTCOMES.has(entry?.outcome as string);
}

/**
 * `<home>/sessions/<session>.evidence.jsonl`, beside the session's action-item mirror: each hook
 * call is its own process, so the file is what a Stop call knows of the calls before it. Each
 * call that is evidence of something (a test run, a commit, ...) appends its entries, one JSON
 * line each; reading folds them in order.
 *
 * Appending needs no lock (the kernel places each O_APPEND write whole at the end, so parallel
 * hooks lose nothing) and no rename: replacing the file under a lock cost an HTTP hook a fifth
 * of its time (docs/server.md). Not fsync'd: after a power loss a torn line is skipped with a
 * warning and the next test run records the evidence again. The file grows by a line (about
 * 0.5 KB) per evidence call; only the Stop hook reads it.
 */
export class SessionEvidenceStore {
  readonly #mirrors: SessionMirrorStore;
  readonly #warn: (message: string) => void;

  constructor(mirrors: SessionMirrorStore, warn: (message: string) => void) {
    this.#mirrors = mirrors;
    this.#warn = warn;
  }

  pathFor(sessionId: string): string {
    return this.#mirrors.pathFor(sessionId).replace(/\.json$/, '.evidence.jsonl');
  }

  load(sessionId: string): SessionEvidence {
    const evidence: SessionEvidence = { latest: {}, lastPassed: {} };
    let skipped = 0;
    for (const line of this.#readLines(sessionId)) {
      const entry = parseLine(line);
      if (entry) fold(evidence, entry);
      else skipped++;
    }
    if (skipped > 0)
      this.#warn(`ignoring ${skipped} unreadable line(s) of session evidence ${this.pathFor(sessionId)}`);
    return evidence;
  }

  /**
   * Appends the entries. A file that cannot be written (a full disk, a folder in its place) is
   * said through `warn` and stops nothing: the call's event is recorded and its answer given.
   */
  record(sessionId: string, entries: readonly EvidenceEntry[]): void {
    if (entries.length === 0) return;
    const path = this.pathFor(sessionId);
    // The leading newline ends a line torn by a crash, so that it does not swallow these.
    const lines = entries.map((entry) => JSON.stringify(entry)).join('\n');
    try {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, `\n${lines}\n`);
    } catch (error) {
      this.#warn(
        `could not record the session's evidence in ${path} (${(error as Error).message}); the claim check at Stop will not see this call`,
      );
    }
  }

  #readLines(sessionId: string): string[] {
    const path = this.pathFor(sessionId);
    try {
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line !== '');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.#warn(`ignoring unreadable session evidence ${path}: ${(error as Error).message}`);
      return [];
    }
  }
}

function parseLine(line: string): EvidenceEntry | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    return isEntry(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

function fold(evidence: SessionEvidence, entry: EvidenceEntry): void {
  evidence.latest[entry.kind] = entry;
  if (entry.outcome === 'passed') evidence.lastPassed[entry.kind] = entry;
}
