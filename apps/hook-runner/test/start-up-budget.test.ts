import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bashPostToolUse, sessionStart, todoWrite } from '@tier1/hooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, buildBin, runBin } from './run-bin';

/*
 * The hook's start-up budget (docs/hook-runner.md, "Latency"): a new node process on every tool
 * call, so every module it loads costs every call. This test lists what the hook's main bundle
 * holds and what the process loads, and fails on anything not allowed below with a reason. A
 * new entry here is a decision to make every hook call slower: measure it with
 * `pnpm --filter @tier1/hook-runner bench` first, and write the figure into the reason.
 */

/** The workspace and npm packages compiled into dist/hook/main.cjs, and why each is there. */
const ALLOWED_PACKAGES: Record<string, string> = {
  '@tier1/hook-runner': 'the process itself: main, the fd reader and writer',
  '@tier1/hooks': 'the handling: input parsing, action items, the session mirror, the answer',
  '@tier1/core': 'configuration, Tier1Error, uids, the session mirror’s file lock; no dependencies',
  '@tier1/events':
    'parseAutomationEvent, sanitising and the spool the events go to (not the store: no driver, no zod)',
  '@tier1/keyword-detector': 'KeywordDetector.detect on every tracked tool result',
  '@tier1/production-checker':
    'the deploy gate (docs/guardrails.md): the production check state reader and the shell-word splitter, node:fs only; the gates add 1.6–5.8 % CPU time to a PreToolUse call (pnpm bench, three runs)',
  '@tier1/secrets':
    'the secret gate and the event sanitiser redact with the one secret engine (docs/secret-scanning.md), its rules compiled on first use; not its .gitleaks.toml reader',
};

/** Built-in modules main.cjs requires when it is loaded (esbuild's external imports). */
const ALLOWED_BUNDLE_BUILT_INS: Record<string, string> = {
  fs: 'loaded by node before any user code',
  path: 'loaded by node before any user code',
  util: 'loaded by node before any user code (parseEnv reads .env)',
  events: 'loaded by node before any user code (the fd reader is an EventEmitter)',
};

/** Public built-in modules a hook call loads beyond what `node empty.cjs` loads, and why. */
const ALLOWED_RUNTIME_BUILT_INS: Record<string, string> = {
  vm: 'the bin compiles the bundle with vm.Script to use its V8 code cache (about 6 ms saved)',
  os: 'the session mirror’s file lock names its holder’s host; loaded on first use (about 0.3 ms)',
  crypto:
    'TodoWrite only: an item’s id hashes its text (todoIdFromContent); loaded on first use (about 3 ms)',
  stream: 'TodoWrite only: loaded by node:crypto, counted in its 3 ms',
  'stream/promises': 'TodoWrite only: loaded by node:crypto, counted in its 3 ms',
  string_decoder: 'TodoWrite only: loaded by node:crypto, counted in its 3 ms',
};

const hookRunnerDirectory = fileURLToPath(new URL('..', import.meta.url));
const N8N_LAYER = join(hookRunnerDirectory, 'dist/hook/n8n-layer.cjs');

/** The package a bundled input file belongs to, from its path relative to apps/hook-runner. */
function packageOf(input: string): string {
  const npm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (npm?.[1]) return npm[1];
  const workspace = /^\.\.\/\.\.\/(?:packages|apps)\/([^/]+)\//.exec(input);
  if (workspace?.[1]) return `@tier1/${workspace[1]}`;
  if (input.startsWith('src/')) return '@tier1/hook-runner';
  return input;
}

interface Metafile {
  outputs: Record<
    string,
    { inputs: Record<string, unknown>; imports: { path: string; external?: boolean }[] }
  >;
}

function mainBundle(): Metafile['outputs'][string] {
  const metafile = JSON.parse(
    readFileSync(join(hookRunnerDirectory, 'dist/hook/metafile-cjs.json'), 'utf8'),
  ) as Metafile;
  const main = metafile.outputs['dist/hook/main.cjs'];
  if (!main) throw new Error('dist/hook/metafile-cjs.json has no dist/hook/main.cjs');
  return main;
}

let scratch: string;
let recorder: string;
let emptyScript: string;

/** What one process loaded: built-in module names and the files `require` read. */
interface LoadRecord {
  builtIns: string[];
  files: string[];
}

function readRecord(path: string): LoadRecord {
  return JSON.parse(readFileSync(path, 'utf8')) as LoadRecord;
}

beforeAll(async () => {
  await buildBin();
  scratch = mkdtempSync(join(tmpdir(), 'tier1-hook-budget-'));
  // Preloaded with --require: at exit (the hook ends with process.exit), write what was loaded:
  // the modules `require` loaded, and the bundles the bin read to run through their code cache.
  recorder = join(scratch, 'record-loads.cjs');
  writeFileSync(
    recorder,
    `const fs = require('node:fs');
    const readFileSync = fs.readFileSync;
    const bundles = new Set();
    fs.readFileSync = function (path, ...rest) {
      if (typeof path === 'string' && path.endsWith('.cjs')) bundles.add(path);
      return readFileSync.call(this, path, ...rest);
    };
    process.on('exit', () => {
      const builtIns = process.moduleLoadList
        .filter((m) => m.startsWith('NativeModule ') && !m.startsWith('NativeModule internal/'))
        .map((m) => m.slice(13));
      const files = [...new Set([...Object.keys(require.cache), ...bundles])].filter((f) => f !== __filename).sort();
      fs.writeFileSync(process.env.TIER1_LOAD_RECORD, JSON.stringify({ builtIns, files }));
    });\n`,
  );
  emptyScript = join(scratch, 'empty.cjs');
  writeFileSync(emptyScript, '');
}, 300_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the bin (or `script`) on `payload` in `cwd` with the recorder and returns what it loaded. */
async function loadsOf(name: string, payload: unknown, script = BIN, cwd = scratch): Promise<LoadRecord> {
  const record = join(scratch, `${name}.json`);
  const home = join(scratch, `home-${name}`);
  const run = await runBin(
    JSON.stringify(payload),
    { TIER1_HOME: home, TIER1_PROJECT_ID: 'budget', TIER1_LOAD_RECORD: record },
    { bin: script, nodeArgs: ['--require', recorder], cwd },
  );
  expect(run.code).toBe(0);
  return readRecord(record);
}

describe('the hook’s start-up budget', () => {
  it('bundles only the allowed packages into main.cjs', () => {
    const packages = [...new Set(Object.keys(mainBundle().inputs).map(packageOf))].sort();
    const unexpected = packages.filter((name) => !(name in ALLOWED_PACKAGES));
    expect(unexpected, 'packages new in the hook bundle: see the comment at the top').toEqual([]);
  });

  it('requires only the allowed built-in modules from main.cjs', () => {
    const builtIns = [
      ...new Set(
        mainBundle()
          .imports.filter((entry) => entry.external)
          .map((entry) => entry.path),
      ),
    ];
    const unexpected = builtIns.filter((name) => !(name.replace(/^node:/, '') in ALLOWED_BUNDLE_BUILT_INS));
    expect(unexpected, 'built-ins new in the hook bundle: see the comment at the top').toEqual([]);
  });

  it('loads only the allowed modules and files on the hot path, and the n8n layer only for n8n tools', async () => {
    const baseline = new Set((await loadsOf('baseline', {}, emptyScript)).builtIns);
    const calls: Record<string, unknown> = {
      sessionStart: sessionStart('s-budget'),
      todoWrite: todoWrite('s-budget', [
        { content: 'Fix the login bug', status: 'in_progress', activeForm: 'Fixing the login bug' },
      ]),
      bash: bashPostToolUse('s-budget', 'npm test', 'Tests: 5 passed, 5 total'),
      badInput: { hook_event_name: 'PostToolUse' },
    };
    for (const [name, payload] of Object.entries(calls)) {
      const loaded = await loadsOf(name, payload);
      const extra = loaded.builtIns.filter((module) => !baseline.has(module));
      const unexpected = extra.filter((module) => !(module in ALLOWED_RUNTIME_BUILT_INS));
      expect(unexpected, `${name}: built-ins new on the hook's path: see the comment at the top`).toEqual([]);
      expect(
        loaded.files.map((file) => relative(hookRunnerDirectory, file)),
        name,
      ).toEqual(['bin/tier1-hook.cjs', 'dist/hook/main.cjs']);
    }
    const n8n = await loadsOf('n8n', {
      ...sessionStart('s-budget'),
      hook_event_name: 'PreToolUse',
      tool_name: 'mcp__n8n__execute_workflow',
      tool_input: { workflowId: 'wf-video' },
      tool_use_id: 'toolu_budget',
    });
    expect(n8n.files).toContain(N8N_LAYER);
  });

  it('loads the reader of .gitleaks.toml (and its TOML parser) in a project that has one', async () => {
    const project = mkdtempSync(join(scratch, 'gitleaks-'));
    writeFileSync(
      join(project, '.gitleaks.toml'),
      `[[rules]]\nid = "acme-token"\nregex = '''acme_[a-z0-9]{32}'''\n`,
    );
    const bash = bashPostToolUse('s-budget', 'npm test', 'Tests: 5 passed, 5 total');
    const loaded = await loadsOf('gitleaks', bash, BIN, project);
    expect(loaded.files.map((file) => relative(hookRunnerDirectory, file))).toEqual([
      'bin/tier1-hook.cjs',
      'dist/hook/main.cjs',
      'dist/hook/secret-rules.cjs',
    ]);
  });
});
