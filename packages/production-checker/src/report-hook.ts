import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the hook uses from Node, handed in by the file that starts it (see `reportHookEnv`). */
export interface ReportHookModules {
  fs: typeof import('node:fs');
  path: typeof import('node:path');
  childProcess: typeof import('node:child_process');
  module: unknown;
  isMainThread: boolean;
}

/**
 * Runs at the start of every Node process of the test command (preloaded with NODE_OPTIONS
 * `--require`), so the project's command runs unchanged — through `npm test`, its pre/post
 * scripts, `npm run` chains, turbo or nx — and whichever runner it reaches also writes a report:
 * - vitest and jest: their JSON reporter is added to the process's arguments (vitest keeps the
 *   reporters the command named, else `default`; jest keeps its console output on stderr);
 * - `node --test`: the process starts itself again with the junit reporter added beside the
 *   reporters it had (node reads its options before any preload could add one);
 * - mocha: its Runner reports the stats its own summary prints, in jest's JSON shape.
 * Stringified into a file with the report folder and Node's modules as its arguments
 * (NODE_OPTIONS is the one variable turbo's strict environment mode passes to every task), so
 * it uses nothing from outside its own body, not even `require` (a bundler rewrites that).
 * That is why it is one long function (over the house's ~60 lines): its helpers must be inner
 * functions, or the stringified copy would call functions that are not there.
 */
export function reportHook(dir: string, node: ReportHookModules): void {
  const { fs, path, isMainThread } = node;
  if (!isMainThread) return;
  const reportFile = (runner: string, ext: string) =>
    path.join(dir, `${runner}-${process.pid}-${Date.now()}.${ext}`);
  const script = realScript();
  if (process.execArgv.includes('--test') && !process.env.TIER1_NODE_TEST_REPORTED) rerunNodeTestWithJunit();
  else if (/\/vitest\/vitest\.mjs$/.test(script)) addVitestJsonReporter();
  else if (/\/(jest|jest-cli)\/bin\/jest\.js$/.test(script))
    process.argv.push('--json', `--outputFile=${reportFile('jest', 'json')}`);
  else if (/\/mocha\/(bin\/mocha(\.js)?|bin\/_mocha|lib\/cli\/cli\.js)$/.test(script)) reportMochaRuns();

  function realScript(): string {
    try {
      return (process.argv[1] ? fs.realpathSync(process.argv[1]) : '').replace(/\\/g, '/');
    } catch {
      return process.argv[1] ?? '';
    }
  }

  function rerunNodeTestWithJunit(): void {
    // `--test-reporter spec` as two words becomes `--test-reporter=spec`.
    const execArgv = process.execArgv.flatMap((arg, index, all) =>
      /^--test-reporter(-destination)?$/.test(arg)
        ? []
        : /^--test-reporter(-destination)?$/.test(all[index - 1] ?? '')
          ? [`${all[index - 1]}=${arg}`]
          : [arg],
    );
    const own = execArgv.filter((arg) => arg.startsWith('--test-reporter'));
    const reporters = own.filter((arg) => /^--test-reporter(=|$)/.test(arg));
    const destinations = own.filter((arg) => arg.startsWith('--test-reporter-destination'));
    const added: string[] = [...reporters, ...destinations];
    if (reporters.length === 0) {
      // node's own default: spec on a terminal (and always from Node 23), tap otherwise.
      const major = Number(process.versions.node.split('.')[0]);
      added.push(`--test-reporter=${process.stdout.isTTY || major >= 23 ? 'spec' : 'tap'}`);
    }
    for (let missing = destinations.length; missing < Math.max(1, reporters.length); missing++)
      added.push('--test-reporter-destination=stdout');
    added.push('--test-reporter=junit', `--test-reporter-destination=${reportFile('node-test', 'xml')}`);
    const kept = execArgv.filter((arg) => !arg.startsWith('--test-reporter'));
    const child = node.childProcess.spawnSync(
      process.execPath,
      [...kept, ...added, ...process.argv.slice(1)],
      {
        stdio: 'inherit',
        env: { ...process.env, TIER1_NODE_TEST_REPORTED: '1' },
      },
    );
    process.exit(child.status ?? 1);
  }

  function addVitestJsonReporter(): void {
    const args = process.argv.slice(2);
    if (args.includes('bench')) return;
    const named = args.some((arg) => /^--reporter(=|$)/.test(arg));
    process.argv.push(
      ...(named ? [] : ['--reporter=default']),
      '--reporter=json',
      `--outputFile.json=${reportFile('vitest', 'json')}`,
    );
  }

  type MochaRunner = {
    on: (event: string, listener: (...args: unknown[]) => void) => void;
    stats?: { passes: number; failures: number; pending: number };
  };

  // mocha's Runner is found by its shape (its `constants.EVENT_RUN_END`) as the CLI loads it.
  function reportMochaRuns(): void {
    const Module = node.module as { _load: (...args: unknown[]) => unknown };
    const load = Module._load;
    let patched = false;
    Module._load = function loadAndWatch(this: unknown, ...loadArgs) {
      const exported = load.apply(this, loadArgs) as {
        constants?: { EVENT_RUN_END?: string };
        prototype?: { run?: (...args: unknown[]) => unknown };
      };
      const run = exported?.prototype?.run;
      if (!patched && exported?.constants?.EVENT_RUN_END && typeof run === 'function') {
        patched = true;
        (exported.prototype as { run: typeof run }).run = function runAndReport(
          this: MochaRunner,
          ...runArgs
        ) {
          writeMochaReport(this);
          return run.apply(this, runArgs);
        };
      }
      return exported;
    };
  }

  function writeMochaReport(runner: MochaRunner): void {
    const failed: string[] = [];
    runner.on('fail', (test) => failed.push((test as { fullTitle: () => string }).fullTitle()));
    runner.on('end', () => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const report = {
        numTotalTests: stats.passes + stats.failures + stats.pending,
        numPassedTests: stats.passes,
        numFailedTests: stats.failures,
        numPendingTests: stats.pending,
        testResults: [{ assertionResults: failed.map((fullName) => ({ fullName, status: 'failed' })) }],
      };
      fs.writeFileSync(reportFile('mocha', 'json'), JSON.stringify(report));
    });
  }
}

/** Writes the hook into `dir` and returns the environment that preloads it into every Node process. */
export function reportHookEnv(
  dir: string,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const hookPath = join(dir, 'tier1-report-hook.cjs');
  const modules =
    "{ fs: require('node:fs'), path: require('node:path'), childProcess: require('node:child_process'), module: require('node:module'), isMainThread: require('node:worker_threads').isMainThread }";
  writeFileSync(hookPath, `(${reportHook.toString()})(${JSON.stringify(dir)}, ${modules});\n`);
  const preload = `--require=${JSON.stringify(hookPath)}`;
  return {
    NODE_OPTIONS: [env.NODE_OPTIONS, preload].filter(Boolean).join(' '),
    // pytest reads extra options from its environment wherever the command starts it (shell-split: quoted).
    PYTEST_ADDOPTS: [
      env.PYTEST_ADDOPTS,
      JSON.stringify(`--junitxml=${join(dir, 'pytest.xml')}`),
      '-p',
      'no:cacheprovider',
    ]
      .filter(Boolean)
      .join(' '),
  };
}
