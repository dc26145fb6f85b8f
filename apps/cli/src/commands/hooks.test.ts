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
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliForTest } from '../test-cli';

let project: string;
let home: string;

/** What `npm install --save-dev @tier1/cli` leaves in a project: the two bins. */
function installTier1In(directory: string) {
  const bin = join(directory, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  for (const name of ['tier1', 'tier1-hook']) writeFileSync(join(bin, name), '#!/bin/sh\n', { mode: 0o755 });
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'tier1-hooks-project-'));
  home = mkdtempSync(join(tmpdir(), 'tier1-hooks-home-'));
  installTier1In(project);
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

function tier1(argv: string[], stdin?: string) {
  const env = { HOME: home, PATH: '', TIER1_HOME: join(project, '.tier1'), TIER1_PROJECT_ID: 'hooks-test' };
  return runCliForTest(argv, { cwd: project, env, stdin });
}

const settingsPath = () => join(project, '.claude', 'settings.json');
const readSettings = () => JSON.parse(readFileSync(settingsPath(), 'utf8'));

// A user's own settings, in the documented shape (https://code.claude.com/docs/en/hooks), 4-space indented.
const foreignText = `${JSON.stringify(
  {
    permissions: { allow: ['Bash(npm test:*)'] },
    hooks: {
      PostToolUse: [
        { matcher: 'Write|Edit', hooks: [{ type: 'command', command: 'npx prettier --write .' }] },
      ],
    },
  },
  null,
  4,
)}\n`;

describe('tier1 hooks install / uninstall', () => {
  it("installs the project's own tier1-hook through $CLAUDE_PROJECT_DIR, and the slash command", async () => {
    const result = await tier1(['hooks', 'install']);
    expect(result.code).toBe(0);
    const settings = readSettings();
    expect(settings.hooks.PostToolUse[0].hooks[0].command).toBe(
      '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/tier1-hook',
    );
    expect(settings.hooks.PreToolUse[0].matcher).toBe('mcp__n8n__.*');
    expect(Object.keys(settings.hooks).sort()).toEqual(
      [
        'PostToolUse',
        'PostToolUseFailure',
        'PreToolUse',
        'SessionEnd',
        'SessionStart',
        'Stop',
        'TaskCompleted',
        'TaskCreated',
        'UserPromptSubmit',
      ].sort(),
    );
    const slash = readFileSync(join(project, '.claude', 'commands', 'production-check.md'), 'utf8');
    expect(slash).toMatch(/^---\n/);
    expect(slash).toContain(
      '!`"$CLAUDE_PROJECT_DIR"/node_modules/.bin/tier1 check --format markdown --fail-on never`',
    );
    expect(result.stdout).toContain('Tier 1 hooks installed');
  });

  it('finds the project root from a subfolder', async () => {
    mkdirSync(join(project, '.git'));
    mkdirSync(join(project, 'src', 'deep'), { recursive: true });
    const result = await runCliForTest(['hooks', 'install'], {
      cwd: join(project, 'src', 'deep'),
      env: { HOME: home },
    });
    expect(result.code).toBe(0);
    expect(existsSync(settingsPath())).toBe(true);
  });

  it('--absolute writes the absolute paths of this install, which work on this machine only', async () => {
    expect((await tier1(['hooks', 'install', '--absolute'])).code).toBe(0);
    const command: string = readSettings().hooks.PostToolUse[0].hooks[0].command;
    expect(command).toMatch(/^node \/.+\/apps\/hook-runner\/bin\/tier1-hook\.cjs$/);
    expect(existsSync(command.slice('node '.length))).toBe(true);
    const slash = readFileSync(join(project, '.claude', 'commands', 'production-check.md'), 'utf8');
    expect(slash).toMatch(/!`node .+\/apps\/cli\/bin\/tier1\.mjs check --format markdown --fail-on never`/);
  });

  it('without Tier 1 in the project or on PATH, refuses with the install command and writes nothing', async () => {
    rmSync(join(project, 'node_modules'), { recursive: true });
    const result = await tier1(['hooks', 'install']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Tier 1 is not installed in this project');
    expect(result.stderr).toContain('npm install --save-dev @tier1/cli');
    expect(existsSync(settingsPath())).toBe(false);
  });

  it('keeps foreign hooks, installs nothing twice, and uninstall restores the file byte for byte', async () => {
    mkdirSync(join(project, '.claude'), { recursive: true });
    writeFileSync(settingsPath(), foreignText);
    await tier1(['hooks', 'install']);
    const once = readFileSync(settingsPath(), 'utf8');
    expect(readSettings().hooks.PostToolUse[0]).toEqual({
      matcher: 'Write|Edit',
      hooks: [{ type: 'command', command: 'npx prettier --write .' }],
    });
    const again = await tier1(['hooks', 'install']);
    expect(again.stdout).toContain('already installed');
    expect(readFileSync(settingsPath(), 'utf8')).toBe(once);

    const removed = await tier1(['hooks', 'uninstall']);
    expect(removed.code).toBe(0);
    expect(readFileSync(settingsPath(), 'utf8')).toBe(foreignText);
    expect(existsSync(join(project, '.claude', 'commands', 'production-check.md'))).toBe(false);
  });

  it('uses tier1-hook by name when the project has no install and it is on PATH', async () => {
    rmSync(join(project, 'node_modules'), { recursive: true });
    installTier1In(home);
    const bin = join(home, 'node_modules', '.bin');
    const run = await runCliForTest(['hooks', 'install', '--json'], {
      cwd: project,
      env: { HOME: home, PATH: bin },
    });
    expect(JSON.parse(run.stdout).command).toBe('tier1-hook');
    expect(readSettings().hooks.Stop[0].hooks[0].command).toBe('tier1-hook');
  });

  it('--scope user writes under HOME, not the project', async () => {
    expect((await tier1(['hooks', 'install', '--scope', 'user', '--absolute'])).code).toBe(0);
    expect(existsSync(join(home, '.claude', 'settings.json'))).toBe(true);
    expect(existsSync(join(home, '.claude', 'commands', 'production-check.md'))).toBe(true);
    expect(existsSync(settingsPath())).toBe(false);
  });

  it('leaves a foreign production-check.md alone', async () => {
    mkdirSync(join(project, '.claude', 'commands'), { recursive: true });
    writeFileSync(join(project, '.claude', 'commands', 'production-check.md'), 'my own\n');
    const result = await tier1(['hooks', 'install']);
    expect(result.stderr).toContain('is not Tier 1');
    await tier1(['hooks', 'uninstall']);
    expect(readFileSync(join(project, '.claude', 'commands', 'production-check.md'), 'utf8')).toBe(
      'my own\n',
    );
  });

  it('status lists installed and missing entries', async () => {
    expect((await tier1(['hooks', 'status'])).stdout).toContain('0 of 12');
    await tier1(['hooks', 'install']);
    const status = await tier1(['hooks', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({
      missing: [],
      installed: expect.arrayContaining(['SessionStart', 'PostToolUse mcp__n8n__.*']),
    });
  });

  it('refuses a settings.json that is not JSON, with exit 2 and the fix', async () => {
    mkdirSync(join(project, '.claude'), { recursive: true });
    writeFileSync(settingsPath(), '{ "hooks": ');
    const result = await tier1(['hooks', 'install']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not valid JSON');
    expect(readFileSync(settingsPath(), 'utf8')).toBe('{ "hooks": ');
  });

  it('rejects an unknown scope and subcommand as usage errors', async () => {
    expect((await tier1(['hooks', 'install', '--scope', 'global'])).code).toBe(2);
    expect((await tier1(['hooks', 'frobnicate'])).stderr).toContain('unknown subcommand');
  });
});

describe('tier1 hooks test (stands in for Claude Code with a documented payload)', () => {
  const payload = (event: string) =>
    JSON.stringify({
      session_id: 'cli-test-session',
      transcript_path: '/tmp/t.jsonl',
      cwd: '/tmp',
      hook_event_name: event,
      source: 'startup',
      model: 'claude-sonnet-4-6',
    });

  it('shows the events it would record without touching the real spool', async () => {
    const result = await tier1(['hooks', 'test', '--json'], payload('SessionStart'));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ exitCode: 0, stdout: null, stored: false });
    expect(report.recorded).toEqual([
      expect.objectContaining({
        eventType: 'session_started',
        status: 'success',
        sessionId: 'cli-test-session',
      }),
    ]);
    expect(existsSync(join(project, '.tier1', 'spool'))).toBe(false);
  });

  it('--event overrides the payload event, and --record spools for real', async () => {
    const result = await tier1(['hooks', 'test', '--event', 'Stop', '--record'], payload('SessionStart'));
    expect(result.stdout).toContain('session_stopped success');
    expect(readdirSync(join(project, '.tier1', 'spool')).some((name) => name.endsWith('.jsonl'))).toBe(true);
  });

  it("judges a tool output with the project's tier1.keywords.json", async () => {
    writeFileSync(
      join(project, 'tier1.keywords.json'),
      JSON.stringify({ categories: { migration: { baseConfidence: 85, keywords: ['migrated'] } } }),
    );
    const bash = JSON.stringify({
      session_id: 'cli-test-session',
      hook_event_name: 'PostToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'pnpm db:up' },
      tool_response: { stdout: 'migrated 3 tables', stderr: '' },
    });
    const report = JSON.parse((await tier1(['hooks', 'test', '--json'], bash)).stdout);
    expect(report.stderr).toBe('');
    expect(report.recorded[0]?.evidence).toMatchObject({
      detected_keyword: 'migrated',
      keyword_category: 'migration',
      confidence: 85,
    });
  });

  it('shows a rejected payload the way the hook reports it', async () => {
    const result = await tier1(['hooks', 'test'], 'not json');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('input rejected: stdin is not JSON');
    expect(result.stdout).toContain('hook_input_rejected failed');
  });
});
