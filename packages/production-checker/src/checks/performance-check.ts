import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckDefinition } from '../check-definition';
import { readManifest } from '../detect-test-runner';
import { findFiles } from '../find-files';
import { findNodeBin } from '../find-node-bin';
import { detectPackageManager } from '../package-manager';
import { outputTail, runCommand } from '../run-command';
import { missingSuiteOutcome } from './missing-suite';

const BENCH_FOLDERS = ['bench', 'benchmark', 'benchmarks'];
const BENCH_ENTRIES = ['run.mjs', 'index.mjs', 'run.js', 'index.js', 'run.cjs', 'index.cjs'];
const BENCH_SCRIPTS = /^(bench|benchmarks?|test:bench|bench:.+|benchmark:.+)$/;
const VITEST_BENCH_FILE = /\.bench\.(ts|mts|cts|js|mjs|cjs|tsx|jsx)$/;

/**
 * The command that runs the project's benchmarks, and where it was found, looking where
 * projects keep them: `performance.command`, a `bench`/`benchmark`/`test:bench`/`bench:*`
 * script or any script running `vitest bench` (through the package manager), benchmarks.py,
 * `bench/`, `benchmark/` or `benchmarks/` with an index or run file, `*.bench.ts` files
 * (`vitest bench --run`). undefined: none.
 */
export function findBenchmarks(
  root: string,
  configured?: string[],
): { command: string[]; source: string } | undefined {
  if (configured) return { command: configured, source: 'tier1 config performance.command' };
  const scripts = readManifest(root)?.scripts ?? {};
  const script =
    Object.keys(scripts).find((name) => BENCH_SCRIPTS.test(name)) ??
    Object.keys(scripts).find((name) => /\bvitest\s+bench\b/.test(scripts[name] ?? ''));
  if (script)
    return { command: [detectPackageManager(root), 'run', script], source: `package.json scripts.${script}` };
  if (existsSync(join(root, 'benchmarks.py')))
    return { command: ['python3', 'benchmarks.py'], source: 'benchmarks.py' };
  for (const folder of BENCH_FOLDERS) {
    const entry = BENCH_ENTRIES.find((file) => existsSync(join(root, folder, file)));
    if (entry) return { command: [process.execPath, `${folder}/${entry}`], source: `${folder}/${entry}` };
  }
  const vitest = findNodeBin(root, 'vitest');
  const benchFiles = vitest ? findFiles(root, (name) => VITEST_BENCH_FILE.test(name), 6) : [];
  if (vitest && benchFiles.length > 0)
    return {
      command: [process.execPath, vitest, 'bench', '--run'],
      source: `${benchFiles.length} *.bench files (vitest bench)`,
    };
  return undefined;
}

/**
 * Runs the project's benchmarks when it has them (advisory; architecture: 120 s). A project
 * without benchmarks is "not applicable" (a library need not have any), or a warning when the
 * project sets `performance.required`.
 */
export const performanceCheck: CheckDefinition = {
  name: 'performance',
  severity: 'advisory',
  timeoutMs: 120_000,
  enabledByDefault: () => true,
  async run({ root, config, signal, env }) {
    const benchmarks = findBenchmarks(root, config.performance?.command);
    if (!benchmarks)
      return missingSuiteOutcome({
        required: config.performance?.required === true,
        notFound: 'no benchmarks found',
        notApplicable: 'not applicable: no benchmarks',
        lookedFor: 'bench scripts, vitest bench, bench/, benchmark/, benchmarks.py',
        fix: 'add a "bench" script (or bench/index.js), or set performance.command in tier1.config',
        evidence: { benchmarks: null },
      });
    const outcome = await runCommand(benchmarks.command, { cwd: root, signal, env });
    // Loaded on first use (docs/production-checker.md, "Loading").
    const { sanitizeText } = await import('@tier1/events');
    const evidence = {
      source: benchmarks.source,
      command: benchmarks.command.join(' '),
      exit_code: outcome.exitCode ?? null,
      duration_seconds: Math.round(outcome.durationMs) / 1000,
      output_tail: sanitizeText(outputTail(outcome.output), { maxLength: 2000 }),
    };
    if (outcome.notFound)
      return {
        passed: false,
        details: `${benchmarks.command[0]} was not found`,
        evidence: {
          ...evidence,
          fix: `install ${benchmarks.command[0]}, or set performance.command in tier1.config`,
        },
        confidence: 100,
      };
    const passed = outcome.exitCode === 0;
    return {
      passed,
      details: passed
        ? `benchmarks ran in ${evidence.duration_seconds} s (${benchmarks.source})`
        : `benchmarks failed with exit code ${outcome.exitCode ?? 'none'} (${benchmarks.source})`,
      evidence: passed
        ? evidence
        : { ...evidence, fix: `run \`${evidence.command}\` and fix what fails (the output tail shows it)` },
      confidence: 100,
    };
  },
};
