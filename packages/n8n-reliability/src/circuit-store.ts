import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { acquireFileLock } from '@tier1/core';

/*
 * Where circuit breakers keep their state. The hook and `tier1 n8n run` are a new process on
 * every call, so a breaker kept in memory never sees enough failures to open: the file store
 * (`<home>/n8n-circuits.json`) lets every Tier 1 process of a project learn together. Reads are
 * lock-free (a closed or open circuit decides without writing); every change is a
 * read-modify-write under the file lock of @tier1/core.
 */

/** One breaker's state, in epoch milliseconds. */
export interface CircuitRecord {
  consecutiveFailures: number;
  /** When the circuit last opened, or null while closed. */
  openedAt: number | null;
  /** When the half-open probe now in flight started, or null. */
  probeSince: number | null;
}

export interface CircuitStore {
  read(key: string): CircuitRecord;
  /** Applies `change` to the key's record atomically against other processes; returns the new record. */
  update(key: string, change: (record: CircuitRecord) => CircuitRecord): Promise<CircuitRecord>;
}

export const CLOSED_CIRCUIT: Readonly<CircuitRecord> = {
  consecutiveFailures: 0,
  openedAt: null,
  probeSince: null,
};

/** One process's breakers (a library user's router, the default). */
export class MemoryCircuitStore implements CircuitStore {
  readonly #records = new Map<string, CircuitRecord>();

  read(key: string): CircuitRecord {
    return this.#records.get(key) ?? { ...CLOSED_CIRCUIT };
  }

  async update(key: string, change: (record: CircuitRecord) => CircuitRecord): Promise<CircuitRecord> {
    const next = change(this.read(key));
    this.#records.set(key, next);
    return next;
  }
}

interface CircuitFile {
  version: 1;
  circuits: Record<string, CircuitRecord>;
}

function isRecord(value: unknown): value is CircuitRecord {
  const record = value as CircuitRecord | null;
  return (
    typeof record?.consecutiveFailures === 'number' &&
    (record.openedAt === null || typeof record.openedAt === 'number') &&
    (record.probeSince === null || typeof record.probeSince === 'number')
  );
}

/** Every process of a project, through one JSON file. */
export class FileCircuitStore implements CircuitStore {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /**
   * The file's circuits. A missing or damaged file reads as all closed: breaker state is an
   * optimisation, never a reason to refuse a recovery; the next change rewrites the file whole.
   */
  #readAll(): Record<string, CircuitRecord> {
    try {
      const file = JSON.parse(readFileSync(this.path, 'utf8')) as CircuitFile;
      if (file?.version !== 1 || typeof file.circuits !== 'object' || file.circuits === null) return {};
      return Object.fromEntries(Object.entries(file.circuits).filter(([, record]) => isRecord(record)));
    } catch {
      return {};
    }
  }

  read(key: string): CircuitRecord {
    return this.#readAll()[key] ?? { ...CLOSED_CIRCUIT };
  }

  async update(key: string, change: (record: CircuitRecord) => CircuitRecord): Promise<CircuitRecord> {
    mkdirSync(dirname(this.path), { recursive: true });
    const lock = await acquireFileLock(`${this.path}.lock`, {
      timeoutMs: 2_000,
      purpose: 'circuit breaker state',
      resource: this.path,
    });
    try {
      const circuits = this.#readAll();
      const next = change(circuits[key] ?? { ...CLOSED_CIRCUIT });
      circuits[key] = next;
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ version: 1, circuits } satisfies CircuitFile)}\n`);
      renameSync(temporary, this.path);
      return next;
    } finally {
      lock.release();
    }
  }
}
