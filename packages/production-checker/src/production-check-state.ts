// node:fs and node:path only: the hook's deploy gate reads this file on a shipping command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '@tier1/core';
import type { DecisionResult } from './calculate-decision';

/**
 * The project's latest production check, as `tier1 check` leaves it under Tier 1's home: what the
 * deploy gate holds a shipping command against without opening the store (docs/guardrails.md).
 */
export interface ProductionCheckState {
  version: 1;
  projectId: string;
  root: string;
  decision: DecisionResult['decision'];
  failedChecks: string[];
  advisoryFailures: string[];
  /** ISO time the checks finished. */
  checkedAt: string;
  /** `git rev-parse HEAD` of the project when it was checked; null outside a repository. */
  commit: string | null;
  /** The `production_check` event's uid, when it was recorded. */
  eventUid: string | null;
}

/** What the gate finds: the state, none yet, or a file it cannot use (named in `problem`). */
export type ProductionCheckStateRead =
  | { kind: 'found'; state: ProductionCheckState; path: string }
  | { kind: 'missing'; path: string }
  | { kind: 'unreadable'; path: string; problem: string };

/** `<home>/production-check/<projectId>.json`: one file per project, since a home may be shared. */
export function productionCheckStatePath(home: string, projectId: string): string {
  const safe = projectId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_') || 'default';
  return join(home, 'production-check', `${safe}.json`);
}

/** Replaces the state whole (temporary file, fsync, rename): a gate never reads half of it. */
export function writeProductionCheckState(home: string, state: ProductionCheckState): string {
  const path = productionCheckStatePath(home, state.projectId);
  writeFileAtomicSync(path, `${JSON.stringify(state, null, 2)}\n`);
  return path;
}

const DECISIONS: readonly string[] = ['go', 'warning', 'no_go'];

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Reads the project's latest check; a damaged file is reported, never thrown. */
export function readProductionCheckState(home: string, projectId: string): ProductionCheckStateRead {
  const path = productionCheckStatePath(home, projectId);
  let value: Partial<ProductionCheckState>;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing', path };
    return { kind: 'unreadable', path, problem: (error as Error).message.split('\n')[0] ?? 'unreadable' };
  }
  const valid =
    value !== null &&
    typeof value === 'object' &&
    value.version === 1 &&
    DECISIONS.includes(value.decision as string) &&
    isStringList(value.failedChecks) &&
    isStringList(value.advisoryFailures) &&
    typeof value.checkedAt === 'string' &&
    (value.commit === null || typeof value.commit === 'string');
  if (!valid) return { kind: 'unreadable', path, problem: 'it is not a production check state of version 1' };
  return { kind: 'found', state: value as ProductionCheckState, path };
}
