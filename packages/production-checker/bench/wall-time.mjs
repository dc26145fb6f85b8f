// Whole-check wall time: `runAllChecks()` on a real sample project (vitest suite, integration
// tests, benchmarks, README, rollback plan, git history) against the slowest check's own time,
// measured side by side in the same run. Target: wall time at most the slowest check's own
// time + 1 s, which holds only if the checks really run in parallel with little overhead.
//
//   pnpm -s turbo run build --filter=@tier1/production-checker...   (bench imports ../dist)
//   node bench/wall-time.mjs [--runs 3]
//
// Exits non-zero only when something crashes, never on a missed target.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_OVERHEAD_MS = 1000;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(values.runs));

const dist = join(packageRoot, 'dist/index.js');
if (!existsSync(dist))
  throw new Error(
    `${dist} is missing: run \`pnpm -s turbo run build --filter=@tier1/production-checker...\` first`,
  );
const { ProductionChecker, ALL_CHECKS } = await import(pathToFileURL(dist).href);

const PASSING = (name) =>
  `import { it, expect } from 'vitest';\n${Array.from({ length: 20 }, (_, index) => `it('${name} ${index}', () => expect(${index} + 1).toBe(${index + 1}));`).join('\n')}\n`;

function buildSampleProject() {
  const root = join(mkdtempSync(join(tmpdir(), 'tier1-bench-wall-')), 'sample');
  const files = {
    'package.json': JSON.stringify({
      name: 'sample',
      type: 'module',
      scripts: { test: 'vitest run', bench: 'node bench.mjs' },
    }),
    'src/math.test.js': PASSING('math'),
    'src/strings.test.js': PASSING('strings'),
    'test/api.integration.test.js': PASSING('api'),
    // A benchmark that works for about 1.5 s of CPU, like a real one.
    'bench.mjs':
      'const end = Date.now() + 1500; let n = 0; while (Date.now() < end) n++; console.log(n, "ops");\n',
    'README.md': `# Sample\n\n${'A sample service for the wall-time benchmark. '.repeat(12)}\n\n## Installation\n\nnpm install\n\n## Usage\n\nnpm start\n`,
    'ROLLBACK.md': '# Rollback\n\nRedeploy the previous tag.\n',
    '.gitignore': 'node_modules\n',
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  // No network install: this repository's vitest, linked in (its dependencies resolve from its real path).
  const vitest = realpathSync(
    dirname(createRequire(join(packageRoot, 'package.json')).resolve('vitest/package.json')),
  );
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(vitest, join(root, 'node_modules', 'vitest'), 'dir');
  // The bin link an install makes: the test script runs `vitest` through npm.
  mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(vitest, 'vitest.mjs'), join(root, 'node_modules', '.bin', 'vitest'));
  const git = (...args) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=bench',
        '-c',
        'user.email=bench@tier1.invalid',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      { cwd: root },
    );
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'sample');
  return root;
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

const root = buildSampleProject();
try {
  // Baseline: each check on its own, one after another (also what a serial checker would take).
  const ownTimes = {};
  for (let run = 0; run < runs; run++) {
    for (const check of ALL_CHECKS) {
      const checker = await ProductionChecker.forProject(root, { checks: [check] });
      if (checker.plannedChecks().length === 0) continue;
      const started = performance.now();
      const [result] = await checker.runAllChecks();
      ownTimes[check.name] = [...(ownTimes[check.name] ?? []), performance.now() - started];
      if (run === 0)
        console.log(
          `  alone: ${check.name.padEnd(18)} ${result.passed ? 'passed' : result.skipped ? 'skipped' : 'FAILED'}  ${result.details}`,
        );
    }
  }
  const ownMedians = Object.fromEntries(
    Object.entries(ownTimes).map(([name, times]) => [name, median(times)]),
  );
  const [slowestName, slowestOwn] = Object.entries(ownMedians).sort((a, b) => b[1] - a[1])[0];
  const serial = Object.values(ownMedians).reduce((sum, ms) => sum + ms, 0);

  // Target: all checks together.
  const walls = [];
  const slowestInRun = [];
  let decision;
  for (let run = 0; run < runs; run++) {
    const checker = await ProductionChecker.forProject(root);
    const started = performance.now();
    const results = await checker.runAllChecks();
    walls.push(performance.now() - started);
    slowestInRun.push(Math.max(...results.map((result) => result.durationMs)));
    decision = checker.calculateDecision(results).decision;
  }
  const wall = median(walls);

  console.log(
    `\nsample project: ${Object.keys(ownMedians).length} checks, decision ${decision}, ${runs} run(s) each, medians`,
  );
  for (const [name, ms] of Object.entries(ownMedians))
    console.log(`  ${name.padEnd(18)} alone ${seconds(ms)}`);
  console.log(`slowest check alone (${slowestName}): ${seconds(slowestOwn)}`);
  console.log(`all checks one after another:       ${seconds(serial)}`);
  console.log(
    `runAllChecks (parallel) wall time:  ${seconds(wall)}  (runs: ${walls.map(seconds).join(', ')})`,
  );
  console.log(
    `slowest check inside that run:      ${seconds(median(slowestInRun))} (the checks share 2 cores here, so it can be slower than alone)`,
  );
  console.log(
    `orchestration overhead (wall - slowest inside the run): ${seconds(wall - median(slowestInRun))}`,
  );
  console.log(
    `overhead over the slowest check: ${seconds(wall - slowestOwn)}; speed-up over serial: ${(serial / wall).toFixed(2)}x`,
  );
  console.log(
    `target wall <= slowest + ${TARGET_OVERHEAD_MS / 1000} s: ${wall <= slowestOwn + TARGET_OVERHEAD_MS ? 'MET' : 'MISSED'}`,
  );
} finally {
  rmSync(dirname(root), { recursive: true, force: true });
}
