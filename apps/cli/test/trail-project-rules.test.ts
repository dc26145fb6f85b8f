// Issue 10, end to end: a project's own .gitleaks.toml rule keeps its kind of token out of the
// trail, whoever writes it: the real tier1-hook bin, an HTTP hook to a running tier1 serve, and
// the library in a process of its own. The spool, the session mirrors and the store (every file
// under .tier1, read as bytes) hold the engine's marker, never the token; a broken file loses no
// event. Real processes throughout: the built tier1 and tier1-hook bins.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fakeSecrets, randomChars } from '@tier1/secrets/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tier1HookBinPath } from '../src/hook-bin-path';
import {
  cleanUp,
  commandHook,
  httpHook,
  type Project,
  prepareStoreTemplate,
  project,
  SLOW,
  serve,
  tier1,
} from './serve-support';

beforeAll(prepareStoreTemplate);
afterAll(cleanUp);

const MARKER = '[REDACTED:acme-token]';
// The allowlist accepts every such token in the repository: it must not in the trail.
const RULES = `[[rules]]
id = "acme-token"
description = "ACME deploy token"
regex = '''acme_[a-z0-9]{32}'''

[allowlist]
regexes = ['''^acme_''']
`;

const acmeToken = (label: string) =>
  `acme_${randomChars(`trail ${label}`, 32, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;

function withRules(p: Project, rules = RULES): Project {
  writeFileSync(join(p.cwd, '.gitleaks.toml'), rules);
  return p;
}

const common = (sessionId: string, cwd: string) => ({
  session_id: sessionId,
  transcript_path: join(cwd, 't.jsonl'),
  cwd,
  permission_mode: 'default',
});

/** A Bash call whose output quotes the token on its keyword's line: kept as the event's context snippet. */
const failingTests = (sessionId: string, cwd: string, token: string) => ({
  ...common(sessionId, cwd),
  hook_event_name: 'PostToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'npm test', description: 'Run the tests' },
  tool_response: {
    stdout: `PASS src/deploy.test.ts\nTests: 5 passed, deploy key ${token}`,
    stderr: '',
    interrupted: false,
    isImage: false,
  },
  tool_use_id: 'toolu_bash',
});

/** A todo naming the token: kept in the event and in the session mirror. */
const rotateTodo = (sessionId: string, cwd: string, token: string) => ({
  ...common(sessionId, cwd),
  hook_event_name: 'PostToolUse',
  tool_name: 'TodoWrite',
  tool_input: { todos: [{ content: `Rotate ${token}`, status: 'pending', activeForm: `Rotating ${token}` }] },
  tool_response: {},
  tool_use_id: 'toolu_todo',
});

/** Every file under .tier1 (spool, session mirrors, the embedded store's data files), as bytes. */
function tier1Files(p: Project, under = ''): string {
  const directory = join(p.cwd, '.tier1', under);
  if (!existsSync(directory)) return '';
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
    .join('\n');
}

async function drainAndExport(p: Project): Promise<string> {
  const drained = await tier1(p, ['events', 'drain']);
  expect(drained.code, drained.stderr).toBe(0);
  const output = join(p.cwd, 'export.jsonl');
  const exported = await tier1(p, ['events', 'export', '--out', output]);
  expect(exported.code, exported.stderr).toBe(0);
  return readFileSync(output, 'utf8');
}

const markers = (text: string) => text.split(MARKER).length - 1;

describe("a project's .gitleaks.toml rules in the trail", { timeout: SLOW }, () => {
  it('without the file, the payloads below put the token in the trail (what the other tests rule out)', async () => {
    const p = project();
    const token = acmeToken('control');
    await commandHook(p, failingTests('s-control', p.cwd, token));
    await commandHook(p, rotateTodo('s-control', p.cwd, token));
    expect(tier1Files(p, 'spool')).toContain(`deploy key ${token}`);
    expect(tier1Files(p, 'sessions')).toContain(token);
  });

  it('the command hook: Bash output and a todo reach the spool, the session mirror and the store redacted', async () => {
    const p = withRules(project());
    const token = acmeToken('command hook');
    await commandHook(p, failingTests('s-cmd', p.cwd, token));
    await commandHook(p, rotateTodo('s-cmd', p.cwd, token));
    expect(tier1Files(p, 'spool')).toContain(`deploy key ${MARKER}`);
    expect(tier1Files(p, 'spool')).toContain(`Rotate ${MARKER}`);
    expect(tier1Files(p, 'sessions')).toContain(`Rotate ${MARKER}`);

    const exported = await drainAndExport(p);
    expect(exported).toContain(`deploy key ${MARKER}`);
    expect(exported).toContain(`Rotate ${MARKER}`);
    expect(tier1Files(p)).not.toContain(token);
  });

  it('an HTTP hook to a running tier1 serve: stored at once, redacted', async () => {
    const p = withRules(project());
    const token = acmeToken('http hook');
    const server = await serve(p);
    expect((await httpHook(server, failingTests('s-http', p.cwd, token))).status).toBe(200);
    expect((await httpHook(server, rotateTodo('s-http', p.cwd, token))).status).toBe(200);
    const exported = await drainAndExport(p);
    expect(exported).toContain(`deploy key ${MARKER}`);
    expect(exported).toContain(`Rotate ${MARKER}`);
    expect(tier1Files(p, 'sessions')).toContain(`Rotate ${MARKER}`);
    expect((await tier1(p, ['serve', 'stop'])).code).toBe(0);
    expect(tier1Files(p)).not.toContain(token);
  });

  it('the library, each way in a fresh process: createRecorder, openAutomationHubFromConfig, EventSpool', async () => {
    const p = withRules(project());
    const token = acmeToken('library');
    for (const way of ['recorder', 'hub', 'spool']) {
      const run = await library(p, way, token);
      expect(run.stderr, way).toBe('');
    }
    expect(markers(tier1Files(p, 'spool'))).toBe(2);
    const exported = await drainAndExport(p);
    expect(markers(exported)).toBe(3);
    expect(tier1Files(p)).not.toContain(token);
  });

  it('a broken file: the same answer, one warning naming it and the fix, every event kept with the built-in rules', async () => {
    const broken = withRules(project(), '[[rules]]\nid = "acme-token"\nregex = "acme_("\n');
    const plain = project();
    const secret = fakeSecrets.githubToken('p', 'broken file');
    const calls = (p: Project) => [
      failingTests('s-broken', p.cwd, secret),
      rotateTodo('s-broken', p.cwd, secret),
      {
        ...common('s-broken', p.cwd),
        hook_event_name: 'PostToolUse',
        tool_name: 'Bash',
        tool_input: { command: 'git commit -m "rotate the key"' },
        tool_response: { stdout: '[main 1a2b3c4] rotate the key\n 1 file changed', stderr: '' },
        tool_use_id: 'toolu_commit',
      },
    ];
    const runs = calls(broken).map((payload) => hookProcess(broken, payload));
    const answers = calls(plain).map((payload) => hookProcess(plain, payload).stdout);
    expect(runs.map((run) => run.stdout)).toEqual(answers);
    expect(answers.some((answer) => answer !== '')).toBe(true);
    for (const run of runs) {
      expect(run.status).toBe(0);
      expect(run.stderr.split('\n')).toEqual([expect.any(String), '']);
      expect(run.stderr).toContain(
        `tier1-hook: ${join(broken.cwd, '.gitleaks.toml')}: rules.acme-token.regex`,
      );
      expect(run.stderr).toContain('fix the file');
    }

    const drained = await tier1(broken, ['events', 'drain', '--json']);
    expect(drained.code).toBe(0);
    expect(JSON.parse(drained.stdout)).toMatchObject({ stored: runs.length, rejected: 0 });
    expect(drained.stderr.match(/\.gitleaks\.toml/g)).toHaveLength(1);
    const exported = await drainAndExport(broken);
    expect(exported).toContain('[REDACTED:github-token]');
    expect(tier1Files(broken)).not.toContain(secret);

    writeFileSync(join(broken.cwd, 'package.json'), JSON.stringify({ name: 'broken', version: '1.0.0' }));
    const check = await tier1(broken, ['check', '--format', 'json']);
    const security = JSON.parse(check.stdout).checks.find(
      (entry: { checkName: string }) => entry.checkName === 'security',
    );
    expect(security).toMatchObject({ passed: false, evidence: { error_code: 'INVALID_GITLEAKS_CONFIG' } });
  });
});

/** One hook call as Claude Code makes it, with what it wrote on each stream. */
function hookProcess(p: Project, payload: object): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [tier1HookBinPath()], {
    cwd: p.cwd,
    env: p.env,
    input: JSON.stringify(payload),
    encoding: 'utf8',
  });
}

const cliDirectory = fileURLToPath(new URL('..', import.meta.url));

// Run from apps/cli, so that it imports the built packages as a library user would.
const LIBRARY = `
import { loadConfig } from '@tier1/core';
import { EventSpool, openAutomationHubFromConfig, spoolDirectory, useProjectSecretRules } from '@tier1/events';
import { createRecorder } from '@tier1/server';
const [way, projectDir, token] = process.argv.slice(1);
const config = loadConfig({ cwd: projectDir });
const event = {
  eventType: 'session_started',
  projectId: 'trail-rules',
  status: 'success',
  evidence: { hook_event_name: 'SessionStart' },
  detectedFrom: 'manual',
  sessionId: 's-library-' + way,
  metadata: { note: 'rotate ' + token },
};
if (way === 'recorder') {
  const recorder = createRecorder(config);
  await recorder.record(event);
  await recorder.close();
} else if (way === 'hub') {
  const hub = await openAutomationHubFromConfig(config);
  await hub.storeEvent(event);
  await hub.close();
} else {
  // EventSpool takes a directory, not a project: its writer names the project's rules itself.
  useProjectSecretRules(config.projectDir);
  await EventSpool.appendOnce(spoolDirectory(config), event);
}
`;

async function library(p: Project, way: string, token: string): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ['--input-type=module', '-e', LIBRARY, way, p.cwd, token], {
    cwd: cliDirectory,
    env: p.env,
  });
}
