import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Tier1Error } from '@tier1/core';
import { calculateDecision, type DecisionResult } from './calculate-decision';
import type { CheckContext, CheckDefinition, CheckOutcome } from './check-definition';
import type { CheckResult } from './check-result';
import { type ResolvedCheckSettings, resolveCheckSettings } from './check-settings';
import type { CheckerConfig } from './checker-config';
import { ALL_CHECKS } from './checks/all-checks';
import { ProjectNotFoundError } from './errors';
import { loadCheckerConfig } from './load-checker-config';

export type CheckProgress =
  | { type: 'start'; checkName: string; timeoutMs: number }
  | { type: 'finish'; result: CheckResult };

export interface ProductionCheckerOptions {
  /** The project directory. */
  root: string;
  /** The project's validated configuration; `ProductionChecker.forProject` loads it. */
  config?: CheckerConfig;
  /** What checks read and commands inherit; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Replaces the built-in checks (tests use this to add a slow one). */
  checks?: readonly CheckDefinition[];
  /** Cancels every running check. */
  signal?: AbortSignal;
  /** Called as each check starts and finishes, for live progress. */
  onProgress?: (progress: CheckProgress) => void;
}

// Files that make a directory a project the checker can say something about.
const PROJECT_MARKERS = [
  'package.json',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'requirements.txt',
  'pytest.ini',
  'go.mod',
  'Cargo.toml',
  '.git',
];

// After a timeout, how long a check may take to wind down before its result is given anyway.
const WIND_DOWN_MS = 5000;

/** Throws ProjectNotFoundError unless `root` is a directory with a project marker. */
export function assertProject(root: string): void {
  if (!existsSync(root)) throw new ProjectNotFoundError(root, 'does not exist');
  if (!statSync(root).isDirectory()) throw new ProjectNotFoundError(root, 'is not a directory');
  if (!PROJECT_MARKERS.some((marker) => existsSync(join(root, marker)))) {
    throw new ProjectNotFoundError(root, `is not a project (none of ${PROJECT_MARKERS.join(', ')} found)`);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Answers "GO, WARNING or NO-GO?" for one project from evidence. Every enabled check runs in
 * parallel under its own timeout; a check that times out is stopped (with every process it
 * started) and counted as failed.
 */
export class ProductionChecker {
  readonly root: string;
  readonly config: CheckerConfig;
  private readonly options: ProductionCheckerOptions;

  constructor(options: ProductionCheckerOptions) {
    this.root = resolve(options.root);
    this.config = options.config ?? {};
    this.options = options;
  }

  /** Validates the project directory and loads its tier1 configuration. */
  static async forProject(
    root: string,
    options: Omit<ProductionCheckerOptions, 'root' | 'config'> = {},
  ): Promise<ProductionChecker> {
    const absolute = resolve(root);
    assertProject(absolute);
    const { config } = await loadCheckerConfig(absolute);
    return new ProductionChecker({ ...options, root: absolute, config });
  }

  /** The checks that will run, with their effective severity and timeout. */
  plannedChecks(): { definition: CheckDefinition; settings: ResolvedCheckSettings }[] {
    return (this.options.checks ?? ALL_CHECKS)
      .map((definition) => ({
        definition,
        settings: resolveCheckSettings(this.config, definition.name, {
          enabled: definition.enabledByDefault(this.config),
          severity: definition.severity,
          timeoutMs: definition.defaultTimeoutMs?.(this.root) ?? definition.timeoutMs,
        }),
      }))
      .filter(({ settings }) => settings.enabled);
  }

  async runAllChecks(): Promise<CheckResult[]> {
    const tempDir = await mkdtemp(join(tmpdir(), 'tier1-check-'));
    try {
      return await Promise.all(
        this.plannedChecks().map(({ definition, settings }) => this.runCheck(definition, settings, tempDir)),
      );
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  }

  calculateDecision(results: readonly CheckResult[]): DecisionResult {
    return calculateDecision(results);
  }

  private async runCheck(
    definition: CheckDefinition,
    settings: ResolvedCheckSettings,
    tempDir: string,
  ): Promise<CheckResult> {
    const started = performance.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), settings.timeoutMs);
    const signal = this.options.signal
      ? AbortSignal.any([timeout.signal, this.options.signal])
      : timeout.signal;
    this.options.onProgress?.({ type: 'start', checkName: definition.name, timeoutMs: settings.timeoutMs });

    const settled = definition.run(this.checkContext(signal, tempDir)).catch(errorOutcome);
    let outcome = await Promise.race([settled, windDown(signal)]);
    clearTimeout(timer);
    if (timeout.signal.aborted) outcome = timedOutOutcome(definition.name, settings.timeoutMs);
    else if (this.options.signal?.aborted) outcome = cancelledOutcome();

    const result: CheckResult = {
      checkName: definition.name,
      ...(outcome as CheckOutcome),
      durationMs: Math.round(performance.now() - started),
      severity: settings.severity,
    };
    this.options.onProgress?.({ type: 'finish', result });
    return result;
  }

  private checkContext(signal: AbortSignal, tempDir: string): CheckContext {
    return { root: this.root, config: this.config, env: this.options.env ?? process.env, signal, tempDir };
  }
}

/** A check that threw: a Tier1Error is the project's to fix; anything else is ours to report. */
function errorOutcome(error: unknown): CheckOutcome {
  if (Tier1Error.isInstance(error))
    return {
      passed: false,
      details: error.message,
      evidence: { error_code: error.code, error: error.message, fix: error.hint ?? null },
      confidence: 100,
    };
  return {
    passed: false,
    details: `the check could not run: ${(error as Error).message}`,
    evidence: {
      error: String(error),
      fix: 'an unexpected error in tier1 check: report it with this evidence',
    },
    confidence: 50,
  };
}

/** Settles (with nothing) WIND_DOWN_MS after `signal` aborts: a check that ignores its signal still gets a result. */
function windDown(signal: AbortSignal): Promise<undefined> {
  return new Promise<undefined>((resolveWindDown) => {
    signal.addEventListener(
      'abort',
      () => setTimeout(() => resolveWindDown(undefined), WIND_DOWN_MS).unref(),
      { once: true },
    );
  });
}

function timedOutOutcome(name: string, timeoutMs: number): CheckOutcome {
  return {
    passed: false,
    details: `timed out after ${formatSeconds(timeoutMs)} and was stopped (checks.${name}.timeoutMs sets the limit)`,
    evidence: {
      timed_out: true,
      timeout_ms: timeoutMs,
      fix: `raise the limit in tier1.config: "checks": { "${name}": { "timeoutMs": ${timeoutMs * 2} } }`,
    },
    confidence: 80,
  };
}

function cancelledOutcome(): CheckOutcome {
  return {
    passed: false,
    details: 'cancelled before it finished',
    evidence: { cancelled: true },
    confidence: 0,
  };
}
