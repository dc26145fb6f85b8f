import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { acquireFileLock, createEventUid, isProcessAlive, type Tier1Config, Tier1Error } from '@tier1/core';
import {
  type AutomationEvent,
  type AutomationEventInput,
  type ParseEventOptions,
  parseAutomationEvent,
} from './automation-event';
import { STORE_REJECTED_EVENT } from './db/store-errors';

/*
 * The spool is a directory of append-only JSONL segments. Each writer process appends to its
 * own segment, `w-<pid>-<uid>.jsonl.open`, so writers never share a file and need no lock;
 * closing the writer renames it to `<uid>.jsonl` (sealed). Sealed segments never change again,
 * and an `.open` segment whose process is gone never will either, so a drain only ever reads
 * files nobody writes to. Segment uids are time-ordered (UUIDv7), so draining in name order
 * stores events roughly in the order they were written.
 *
 * This file is on the hook runner's hot path (a fresh process per hook call): it must not
 * import the database drivers, only the event schema.
 */

const SEALED = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/;
const OPEN = /^w-(\d+)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl\.open$/;
const MAX_SEGMENT_EVENTS = 1000;
const DEFAULT_BATCH_SIZE = 500;
const SNIPPET = 200;

/** Where a drain puts events: an AutomationHub (only its batch store is needed). */
/** Where a project's spool is: `<home>/spool` (TIER1_HOME, by default `.tier1/`). */
export function spoolDirectory(config: Pick<Tier1Config, 'home'>): string {
  return join(config.home, 'spool');
}

export interface DrainTarget {
  storeEvents(inputs: readonly AutomationEventInput[]): Promise<{ stored: number; duplicates: number }>;
}

export interface DrainReport {
  /** Segments read, stored and deleted. */
  segments: number;
  /** Events newly stored. */
  stored: number;
  /** Events the store already had (from an earlier, interrupted drain). */
  duplicates: number;
  /** Torn lines skipped and lines moved to `rejected/`, one message each. */
  warnings: string[];
  /** Lines that failed validation or that the store refused, kept in `rejected/` with the reason. */
  rejected: number;
  /** Segments taken from the fallback spool (fallbackSpoolDirectory), when it had any. */
  fallbackDrained?: number;
}

export interface DrainOptions {
  /** Events per storeEvents call. */
  batchSize?: number;
  /** How long to wait for another drain of the same spool to finish. */
  lockTimeoutMs?: number;
}

export interface EventSpoolOptions extends ParseEventOptions {
  /** A writer seals its segment after this many events, so a drain can take them (default 1000). */
  maxSegmentEvents?: number;
  /** Where to say, once, that the spool could not be written and the fallback is used (default stderr). */
  warn?: (message: string) => void;
}

// A spool directory that cannot take a new segment (permissions, a read-only or full disk): the
// event goes to the fallback spool instead of being lost (docs/spool.md).
const FALLBACK_ERROR_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST']);

/**
 * The fallback spool of a spool directory: under the system's temporary directory, one per user
 * and per spool (a hash of its path), so `tier1 events drain` and `tier1 doctor` find it from
 * the spool's own path.
 */
export function fallbackSpoolDirectory(directory: string): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  const { tmpdir } = process.getBuiltinModule('node:os');
  const user = process.getuid?.() ?? 'user';
  const hash = createHash('sha256').update(directory).digest('hex').slice(0, 16);
  return join(tmpdir(), `tier1-spool-fallback-${user}`, hash);
}

/** An event read from a segment, with where it came from (for `rejected/`). */
interface PendingEvent {
  event: AutomationEvent;
  segment: string;
  line: number;
}

/** The store refused this event's data, or a target validating again refused the event: it alone is at fault. */
function isRefusedEvent(error: unknown): boolean {
  const code = Tier1Error.isInstance(error) ? error.code : undefined;
  return code === STORE_REJECTED_EVENT || code === 'INVALID_INPUT';
}

interface OpenSegment {
  fd: number;
  uid: string;
  path: string;
  events: number;
}

/** Makes a new directory entry (a created or renamed segment) survive a crash. */
function fsyncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeFully(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * A durable local queue of events for processes that must not open the store. `append`
 * validates and sanitises an event, writes it as one line and fsyncs before it resolves;
 * `drain` moves spooled events into the store, idempotently.
 */
export class EventSpool {
  readonly directory: string;
  readonly #options: EventSpoolOptions;
  #segment: OpenSegment | undefined;
  #directoryReady = false;
  /** Where new segments go: `directory`, or its fallback once `directory` could not be written. */
  #writeDirectory: string;
  readonly #sealOnExit = () => this.close();

  constructor(directory: string, options: EventSpoolOptions = {}) {
    this.directory = directory;
    this.#writeDirectory = directory;
    this.#options = options;
  }

  /** Writes one event and closes the spool: for a process that records one event and exits. */
  static async appendOnce(
    directory: string,
    input: AutomationEventInput,
    options: EventSpoolOptions = {},
  ): Promise<AutomationEvent> {
    const spool = new EventSpool(directory, options);
    try {
      return await spool.append(input);
    } finally {
      spool.close();
    }
  }

  /**
   * Validates (a bad event throws a ValidationError here, at the writer), sanitises, appends
   * one line and fsyncs it. When it resolves the event survives a crash of this process or
   * of the machine.
   */
  async append(input: AutomationEventInput): Promise<AutomationEvent> {
    const event = parseAutomationEvent(input, this.#options);
    let segment: OpenSegment;
    try {
      segment = this.#openSegment();
      writeFully(segment.fd, Buffer.from(`${JSON.stringify(event)}\n`));
      fdatasyncSync(segment.fd);
    } catch (error) {
      // A half-written line must stay the segment's last: seal it so the next event starts a new one.
      this.close();
      throw new Tier1Error(
        'SPOOL_WRITE_FAILED',
        `cannot write to the event spool at ${this.directory}: ${(error as Error).message}`,
        {
          hint: 'check that the directory exists, is writable and its disk is not full',
          cause: error,
        },
      );
    }
    segment.events += 1;
    if (segment.events >= (this.#options.maxSegmentEvents ?? MAX_SEGMENT_EVENTS)) this.close();
    return event;
  }

  /** Seals the current segment so a drain can take it. Appending again starts a new one. */
  close(): void {
    const segment = this.#segment;
    if (!segment) return;
    this.#segment = undefined;
    process.off('exit', this.#sealOnExit);
    closeSync(segment.fd);
    // No directory fsync: if a crash loses the rename, the segment is still there as `.open`
    // with a dead pid, and a drain takes it just the same.
    renameSync(segment.path, join(dirname(segment.path), `${segment.uid}.jsonl`));
  }

  #openSegment(): OpenSegment {
    if (this.#segment) return this.#segment;
    try {
      return this.#openSegmentIn(this.#writeDirectory);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (this.#writeDirectory !== this.directory || !FALLBACK_ERROR_CODES.has(code)) throw error;
      this.#writeDirectory = fallbackSpoolDirectory(this.directory);
      this.#directoryReady = false;
      const warn = this.#options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
      warn(
        `tier1: the event spool ${this.directory} cannot be written (${code}); events go to ${this.#writeDirectory} until it can (tier1 events drain takes both)`,
      );
      return this.#openSegmentIn(this.#writeDirectory);
    }
  }

  #openSegmentIn(directory: string): OpenSegment {
    if (!this.#directoryReady) {
      mkdirSync(directory, { recursive: true });
      this.#directoryReady = true;
    }
    const uid = createEventUid();
    const path = join(directory, `w-${process.pid}-${uid}.jsonl.open`);
    const fd = openSync(path, 'ax');
    fsyncDirectory(directory);
    this.#segment = { fd, uid, path, events: 0 };
    // A process that exits without close() still seals its segment; one that is killed leaves
    // it `.open`, and a drain takes it once the pid is gone.
    process.on('exit', this.#sealOnExit);
    return this.#segment;
  }

  /**
   * How many events wait in the spool for a drain, counted by their lines (a torn last line
   * counts too), sealed segments and open ones alike: what `tier1 events list` cannot show yet.
   */
  pendingEvents(): number {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let events = 0;
    for (const name of names) {
      if (!SEALED.test(name) && !OPEN.test(name)) continue;
      try {
        const text = readFileSync(join(this.directory, name), 'utf8');
        events += text.split('\n').filter((line) => line !== '').length;
      } catch (error) {
        // Drained (deleted) between the listing and the read: it waits no more.
        if (!isMissing(error)) throw error;
      }
    }
    return events;
  }

  /** Segments a drain may take now: sealed ones, and open ones whose writer is gone (sealed here). */
  #drainableSegments(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const uids: string[] = [];
    for (const name of names) {
      const sealed = SEALED.exec(name);
      if (sealed) {
        uids.push(sealed[1] as string);
        continue;
      }
      const open = OPEN.exec(name);
      if (!open || isProcessAlive(Number(open[1]))) continue;
      try {
        renameSync(join(this.directory, name), join(this.directory, `${open[2]}.jsonl`));
        uids.push(open[2] as string);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return uids.sort();
  }

  /**
   * Moves every drainable segment into the store, oldest first, in batches. A torn last line
   * (a writer killed mid-write) is skipped with a warning; a line that fails validation is
   * moved to `rejected/` with the reason. A segment is deleted only after its events are
   * stored, and storing is idempotent by uid, so a drain that is interrupted and run again
   * stores nothing twice.
   */
  async drain(target: DrainTarget, options: DrainOptions = {}): Promise<DrainReport> {
    // Events a writer could not put here went to the fallback spool: drained first, so they are
    // stored even while this directory itself is still unreadable.
    const fallback = fallbackSpoolDirectory(this.directory);
    const fromFallback =
      this.directory !== fallback && existsSync(fallback)
        ? await new EventSpool(fallback, this.#options).#drainDirectory(target, options)
        : undefined;
    const report = await this.#drainDirectory(target, options);
    if (fromFallback) {
      report.segments += fromFallback.segments;
      report.stored += fromFallback.stored;
      report.duplicates += fromFallback.duplicates;
      report.rejected += fromFallback.rejected;
      report.warnings.push(
        ...fromFallback.warnings.map((warning) => `fallback spool ${fallback}: ${warning}`),
      );
      report.fallbackDrained = fromFallback.segments;
    }
    return report;
  }

  async #drainDirectory(target: DrainTarget, options: DrainOptions): Promise<DrainReport> {
    const report: DrainReport = { segments: 0, stored: 0, duplicates: 0, warnings: [], rejected: 0 };
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    mkdirSync(this.directory, { recursive: true });
    const lock = await acquireFileLock(join(this.directory, 'drain.lock'), {
      timeoutMs: options.lockTimeoutMs ?? 30_000,
      purpose: 'draining the event spool',
      resource: `the event spool at ${this.directory}`,
    });
    try {
      let pending: PendingEvent[] = [];
      let readSegments: string[] = [];
      const flush = async () => {
        if (pending.length > 0) {
          await this.#storeIsolating(target, pending, report);
          pending = [];
        }
        for (const path of readSegments) unlinkSync(path);
        report.segments += readSegments.length;
        readSegments = [];
      };
      for (const uid of this.#drainableSegments()) {
        const path = join(this.directory, `${uid}.jsonl`);
        for (const event of this.#readSegment(uid, report)) {
          pending.push(event);
          if (pending.length >= batchSize) await flush();
        }
        readSegments.push(path);
      }
      await flush();
      fsyncDirectory(this.directory);
      return report;
    } finally {
      lock.release();
    }
  }

  /**
   * Stores a batch; when the store refuses the data of some event in it, stores the batch one
   * event at a time and keeps only the refused events in `rejected/`, with the store's reason,
   * so one poison event never blocks the events after it. A store that is down stops the drain.
   */
  async #storeIsolating(target: DrainTarget, batch: PendingEvent[], report: DrainReport): Promise<void> {
    const count = (result: { stored: number; duplicates: number }) => {
      report.stored += result.stored;
      report.duplicates += result.duplicates;
    };
    try {
      count(await target.storeEvents(batch.map((pending) => pending.event)));
      return;
    } catch (error) {
      if (!isRefusedEvent(error)) throw error;
    }
    const refused: string[] = [];
    for (const { event, segment, line } of batch) {
      try {
        count(await target.storeEvents([event]));
      } catch (error) {
        if (!isRefusedEvent(error)) throw error;
        const reason = (error as Error).message;
        refused.push(JSON.stringify({ segment, line, reason, text: JSON.stringify(event) }));
        report.warnings.push(`${segment} line ${line}: ${reason}; kept in rejected/`);
      }
    }
    if (refused.length > 0) {
      // Its own file: the segment's validation rejects may already be in rejected/<segment>.
      this.#keepRejected(`store-${createEventUid()}.jsonl`, refused);
      report.rejected += refused.length;
    }
  }

  #readSegment(uid: string, report: DrainReport): PendingEvent[] {
    const name = `${uid}.jsonl`;
    const text = readFileSync(join(this.directory, name), 'utf8');
    const lines = text.split('\n');
    // Text after the last newline is a line whose writer was killed before it finished.
    const torn = lines.pop() as string;
    if (torn !== '') {
      report.warnings.push(
        `${name}: skipped a torn last line (${torn.length} bytes, no newline): ${torn.slice(0, SNIPPET)}`,
      );
    }
    const events: PendingEvent[] = [];
    const rejected: string[] = [];
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        const event = parseAutomationEvent(JSON.parse(line) as AutomationEventInput, this.#options);
        events.push({ event, segment: name, line: index + 1 });
      } catch (error) {
        const reason =
          error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message;
        rejected.push(JSON.stringify({ segment: name, line: index + 1, reason, text: line }));
        report.warnings.push(`${name} line ${index + 1}: ${reason}; kept in rejected/${name}`);
      }
    }
    if (rejected.length > 0) {
      this.#keepRejected(name, rejected);
      report.rejected += rejected.length;
    }
    return events;
  }

  /** Rejected lines are kept (durably, before their segment is deleted) for a person to fix. */
  #keepRejected(name: string, lines: string[]): void {
    const directory = join(this.directory, 'rejected');
    mkdirSync(directory, { recursive: true });
    // Rewritten whole: a drain interrupted after this and run again writes the same file.
    const fd = openSync(join(directory, name), 'w');
    try {
      writeFully(fd, Buffer.from(`${lines.join('\n')}\n`));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    fsyncDirectory(directory);
  }
}
