import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeText } from '@tier1/events';
import type { CheckDefinition } from '../check-definition';
import { readManifest } from '../detect-test-runner';
import { outputTail, runCommand } from '../run-command';

const BENCH_RUNNERS = [
  'bench/run.mjs',
  'bench/index.mjs',
  'bench/run.js',
  'bench/index.js',
  'benchmarks/run.mjs',
  'benchmarks/index.mjs',
  'benchmarks/run.js',
];

/** The command that runs the project's benchmarks, and where it was found; undefined: none. */
export function findBenchmarks(
  root: string,
  configured?: string[],
): { command: string[]; source: string } | undefined {
  if (configured) return { command: configured, source: 'tier1 config performance.command' };
  const scripts = readManifest(root)?.scripts ?? {};
  for (const name of ['bench', 'benchmark', 'benchmarks']) {
    if (scripts[name])
      return { command: ['npm', 'run', name, '--silent'], source: `package.json scripts.${name}` };
  }
  if (existsSync(join(root, 'benchmarks.py')))
    return { command: ['python3', 'benchmarks.py'], source: 'benchmarks.py' };
  const runner = BENCH_RUNNERS.find((file) => existsSync(join(root, file)));
  if (runner) return { command: [process.execPath, runner], source: runner };
  return undefined;
}

/** Runs the project's benchmarks when it has them (advisory; architecture: 120 s). None is a warning. */
export const performanceCheck: CheckDefinition = {
  name: 'performance',
  severity: 'advisory',
  timeoutMs: 120_000,
  enabledByDefault: () => true,
  async run({ root, config, signal, env }) {
    const benchmarks = findBenchmarks(root, config.performance?.command);
    if (!benchmarks) {
      return {
        passed: false,
        skipped: true,
        details: 'no benchmarks found (no bench script, benchmarks.py or bench/run.mjs)',
        evidence: { benchmarks: null },
        confidence: 100,
      };
    }
    const outcome = await runCommand(benchmarks.command, { cwd: root, signal, env });
    const evidence = {
      source: benchmarks.source,
      command: benchmarks.command.join(' '),
      exit_code: outcome.exitCode ?? null,
      duration_seconds: Math.round(outcome.durationMs) / 1000,
      output_tail: sanitizeText(outputTail(outcome.output), { maxLength: 2000 }),
    };
    if (outcome.notFound)
      return { passed: false, details: `${benchmarks.command[0]} was not found`, evidence, confidence: 100 };
    const passed = outcome.exitCode === 0;
    return {
      passed,
      details: passed
        ? `benchmarks ran in ${evidence.duration_seconds} s (${benchmarks.source})`
        : `benchmarks failed with exit code ${outcome.exitCode ?? 'none'} (${benchmarks.source})`,
      evidence,
      confidence: 100,
    };
  },
};
