import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LocalRegistry, startLocalRegistry } from './local-registry';

// The release as a user meets it: every public package published to a real registry
// (verdaccio on loopback), then installed from it into a fresh project by npm and by pnpm,
// with no override and nothing of this workspace in reach. See docs/release.md.
const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');
const { toolPath } = (await import(join(repoRoot, 'scripts/test-tools.mjs'))) as {
  toolPath: (name: string) => string;
};

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
}

/**
 * What a user installs with @tier1/cli: the CLI and the Tier 1 packages it depends on. This test
 * runs as @tier1/cli's, after turbo built exactly those (`^build`).
 */
function releasedWithCli(name: string): boolean {
  const cli = JSON.parse(readFileSync(join(repoRoot, 'apps/cli/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return name === '@tier1/cli' || name in cli.dependencies;
}

const publicPackages: Manifest[] = ['packages', 'apps']
  .flatMap((group) =>
    readdirSync(join(repoRoot, group)).map((name) => join(repoRoot, group, name, 'package.json')),
  )
  .filter((path) => existsSync(path))
  .map((path) => JSON.parse(readFileSync(path, 'utf8')) as Manifest)
  .filter((manifest) => !manifest.private && releasedWithCli(manifest.name));

/** The packages a TypeScript project imports: those with a `.` entry (`@tier1/hook-runner` is only a command). */
const libraries = publicPackages
  .filter((manifest) => manifest.exports?.['.'] !== undefined)
  .map((manifest) => manifest.name);

const devVersion = (name: string) =>
  (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as Manifest)
    .version;

let registry: LocalRegistry;
let scratch: string;

async function sh(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    return await run(command, args, {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 180_000,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${failed.stderr || failed.message}\n${failed.stdout ?? ''}`,
    );
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tier1-release-'));
  registry = await startLocalRegistry(toolPath('verdaccio'));
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(join(scratch, 'publish.npmrc'), `${host}:_authToken=${registry.token}\n`);
  // pnpm packs each package as it is published: publishConfig's exports (without the
  // workspace-only `@tier1/source`), `workspace:*` replaced by the versions.
  await sh(
    'pnpm',
    ['publish', '-r', '--filter', '@tier1/cli...', '--no-git-checks', '--registry', registry.url],
    repoRoot,
    {
      npm_config_userconfig: join(scratch, 'publish.npmrc'),
    },
  );
}, 240_000);

afterAll(async () => {
  await registry?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the release', () => {
  test('publishes every public package, each clean for publint and arethetypeswrong', async () => {
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs);
    // The tarballs as the registry serves them, not a fresh pack.
    const specs = publicPackages.map((manifest) => `${manifest.name}@${manifest.version}`);
    const packed = await sh('npm', ['pack', ...specs, '--registry', registry.url, '--json'], tarballs);
    const entries = JSON.parse(packed.stdout) as Array<{ name: string; version: string; filename: string }>;
    expect(entries.map((entry) => `${entry.name}@${entry.version}`).sort()).toEqual([...specs].sort());
    const lint = async ({ name, filename }: { name: string; filename: string }) => {
      const tarball = join(tarballs, filename);
      const publint = await sh(
        join(repoRoot, 'node_modules/.bin/publint'),
        ['run', tarball, '--strict'],
        tarballs,
      );
      expect(publint.stdout, name).toContain('All good!');
      // Types are checked at each library's `.` entry; a command's bin has none to check.
      if (!libraries.includes(name)) return;
      await sh(
        join(repoRoot, 'node_modules/.bin/attw'),
        [tarball, '--profile', 'esm-only', '--entrypoints', '.', '--format', 'ascii'],
        tarballs,
      );
    };
    // Two at a time: the machines running this have two cores.
    for (let index = 0; index < entries.length; index += 2)
      await Promise.all(entries.slice(index, index + 2).map(lint));
  }, 120_000);

  for (const manager of ['npm', 'pnpm'] as const) {
    test.concurrent(`installs with ${manager} in a fresh project: tier1, the hook, tier1 check and strict types`, async () => {
      const project = join(scratch, `${manager}-project`);
      mkdirSync(project);
      writeFileSync(join(project, '.npmrc'), `@tier1:registry=${registry.url}\n`);
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      );
      await sh('git', ['init', '-q'], project);
      const specs = [
        ...publicPackages.map((manifest) => `${manifest.name}@${manifest.version}`),
        `typescript@${devVersion('typescript')}`,
        `@types/node@${devVersion('@types/node')}`,
      ];
      if (manager === 'npm')
        await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', ...specs], project);
      else await sh('pnpm', ['add', '--save-dev', ...specs], project);
      const version = await sh('npx', ['tier1', '--version'], project);
      expect(version.stdout.trim()).toBe(
        publicPackages.find((manifest) => manifest.name === '@tier1/cli')?.version,
      );

      await checkHooksInstall(project);
      await checkProductionCheck(project);
      await checkStrictConsumer(project);
    }, 300_000);
  }
});

/** `npx tier1 hooks install`, then the installed command run as Claude Code runs it. */
async function checkHooksInstall(project: string) {
  await sh('npx', ['tier1', 'hooks', 'install'], join(project));
  const settings = JSON.parse(readFileSync(join(project, '.claude', 'settings.json'), 'utf8'));
  const command: string = settings.hooks.PostToolUse[0].hooks[0].command;
  expect(command).toBe('"$CLAUDE_PROJECT_DIR"/node_modules/.bin/tier1-hook');
  expect(readFileSync(join(project, '.claude', 'commands', 'production-check.md'), 'utf8')).toContain(
    '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/tier1 check --format markdown --fail-on never',
  );
  const payload = {
    session_id: 'release-session',
    transcript_path: join(project, 'transcript.jsonl'),
    cwd: project,
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_use_id: 'toolu_release',
    tool_input: { command: 'npm test' },
    tool_response: { stdout: 'Tests: 12 passed, 12 total', stderr: '', interrupted: false, isImage: false },
  };
  const hook = promisify(execFile)('sh', ['-c', command], {
    cwd: '/',
    env: { PATH: process.env.PATH ?? '', CLAUDE_PROJECT_DIR: project },
  });
  hook.child.stdin?.end(JSON.stringify(payload));
  const answer = await hook;
  expect(answer.stderr).toBe('');
  // The hook only spools; with no tier1 serve running, a read command drains the spool into the
  // store (PGlite under .tier1/) before it reads, so the event shows and nothing waits.
  const listed = JSON.parse(
    (await sh('npx', ['tier1', 'events', 'list', '--session', 'release-session', '--json'], project)).stdout,
  ) as { events: Array<{ eventType: string }>; spooled: number };
  expect(listed.events.map((event) => event.eventType)).toEqual(['no_action_taken']);
  expect(listed.spooled).toBe(0);
}

async function checkProductionCheck(project: string) {
  writeFileSync(join(project, '.gitignore'), 'node_modules\n');
  const checked = await promisify(execFile)('npx', ['tier1', 'check', '.', '--format', 'json'], {
    cwd: project,
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
  const report = JSON.parse(checked.stdout) as {
    decision: string;
    failedChecks: string[];
    checks: Array<{ checkName: string; passed: boolean; details: string }>;
  };
  // No README and no tests: NO-GO, exit 1 (a run that crashed would exit 2 without a report).
  expect(report.decision).toBe('no_go');
  expect(report.failedChecks).toContain('documentation');
  // The store the drain just wrote under .tier1/ (lock files and all) is no secret.
  const security = report.checks.find((check) => check.checkName === 'security');
  expect(security?.passed, security?.details).toBe(true);
}

/** Every library imported and used by a project that type-checks its dependencies too. */
async function checkStrictConsumer(project: string) {
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        types: ['node'],
        outDir: 'out',
      },
      include: ['consumer.ts'],
    }),
  );
  const imports = libraries.map((name, index) => `import * as library${index} from '${name}';`).join('\n');
  writeFileSync(
    join(project, 'consumer.ts'),
    `${imports}
import { KeywordDetector } from '@tier1/keyword-detector';
import { AutomationHub } from '@tier1/events';
import { ProductionChecker } from '@tier1/production-checker';
import { N8nMonitor } from '@tier1/n8n-reliability';

const detection = new KeywordDetector().detect('All 12 tests passed');
const confidence: number = detection.confidence;
const used: unknown[] = [${libraries.map((_, index) => `library${index}`).join(', ')}, AutomationHub, ProductionChecker, N8nMonitor];
console.log(JSON.stringify({ confidence, libraries: used.length }));
`,
  );
  await sh('npx', ['tsc', '-p', '.'], project);
  const ran = await sh('node', ['out/consumer.js'], project);
  expect(JSON.parse(ran.stdout)).toMatchObject({ libraries: libraries.length + 3 });
}
