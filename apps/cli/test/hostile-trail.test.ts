// Issue 10, end to end: hostile and secret-laden hook payloads through the real tier1-hook bin,
// then `tier1 events drain` and `tier1 events export` on PGlite and on PostgreSQL. Afterwards the
// trail holds an event for every hook call, no secret in the clear (events, spool, session
// mirrors), and no drain is blocked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SecretSample, secretSamples } from '@tier1/secrets/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tier1HookBinPath } from '../src/hook-bin-path';
import { createScratchDatabase, runCliForTest } from '../src/test-cli';

const BIN = tier1HookBinPath();
const CONFIGURED = 'n8n-api-key-5c1d9e77a0b3';

const common = (sessionId: unknown) => ({
  session_id: sessionId,
  transcript_path: '/home/user/.claude/projects/demo/t.jsonl',
  cwd: '/home/user/demo',
  permission_mode: 'default',
});

const bash = (sessionId: unknown, stdout: unknown, extra: Record<string, unknown> = {}) => ({
  ...common(sessionId),
  hook_event_name: 'PostToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'npm test', description: 'Run the tests' },
  tool_response: { stdout, stderr: '', interrupted: false, isImage: false },
  tool_use_id: 'toolu_01',
  ...extra,
});

/** Where each kind of secret is sent: the places issue 10 found secrets leaking from. */
const PLACES: ((sessionId: string, text: string) => Record<string, unknown>)[] = [
  (id, text) => bash(id, `$ git push\n${text}\nEverything up-to-date`),
  (id, text) => bash(id, `FAIL src/login.test.ts\n  ${text}\nTests: 1 failed, 4 passed`),
  (id, text) => ({
    ...common(id),
    hook_event_name: 'PostToolUseFailure',
    tool_name: 'Bash',
    tool_input: { command: 'deploy' },
    tool_use_id: 'toolu_02',
    error: `Command failed: ${text}`,
  }),
  (id, text) => ({
    ...common(id),
    hook_event_name: 'PostToolUse',
    tool_name: 'TodoWrite',
    tool_input: { todos: [{ content: `Rotate ${text}`, status: 'pending', activeForm: `Rotating ${text}` }] },
    tool_response: {},
    tool_use_id: 'toolu_03',
  }),
  (id, text) => ({
    ...common(id),
    hook_event_name: 'TaskCreated',
    task_id: '7',
    task_subject: `Check ${text}`,
    task_description: text,
  }),
  (id, text) => ({ ...common(id), hook_event_name: 'SessionStart', source: text, model: text }),
];

/** Every field of every hook event with the wrong type or size, plus bytes PostgreSQL cannot hold. */
const HOSTILE: [string, unknown][] = [
  ['NUL bytes and lone surrogates in stdout', bash('hostile-nul', 'ok\u0000\ud800 done \udc00')],
  ['NUL bytes and lone surrogates in a todo', PLACES[3]?.('hostile-nul-todo', 'fix\u0000the\ud800parser')],
  ['a session_id of 10,000 characters', bash('s'.repeat(10_000), 'ok')],
  ['a session_id that is a number', bash(42, 'ok')],
  ['tool_input nested 500 levels deep', { ...bash('hostile-deep', 'ok'), tool_input: deep(500) }],
  ['stdout of 3 MB', bash('hostile-huge', 'x'.repeat(3_000_000))],
  ['stdout that is an object', bash('hostile-stdout-type', { not: 'text' })],
  ['hook_event_name that is a number', { ...bash('hostile-event-type', 'ok'), hook_event_name: 7 }],
  ['tool_name that is an object', { ...bash('hostile-tool-name', 'ok'), tool_name: { a: 1 } }],
  ['tool_input that is a string', { ...bash('hostile-tool-input', 'ok'), tool_input: 'rm -rf /' }],
  ['tool_use_id that is a number', { ...bash('hostile-tool-use-id', 'ok'), tool_use_id: 1 }],
  [
    'error that is an object',
    {
      ...common('hostile-error'),
      hook_event_name: 'PostToolUseFailure',
      tool_name: 'Bash',
      tool_input: {},
      error: {},
    },
  ],
  [
    'task_id that is an object',
    { ...common('hostile-task'), hook_event_name: 'TaskCreated', task_id: { id: 1 } },
  ],
  ['todos that are not a list', { ...PLACES[3]?.('hostile-todos', 'x'), tool_input: { todos: 'all done' } }],
  [
    'SessionStart model that is a list',
    { ...common('hostile-model'), hook_event_name: 'SessionStart', model: [1, 2] },
  ],
  ['a body that is JSON but not an object', [1, 2, 3]],
  ['a body that is not JSON', 'ghp_notjson {'],
];

function deep(levels: number): unknown {
  let value: unknown = { command: 'ls' };
  for (let level = 0; level < levels; level += 1) value = { next: value };
  return value;
}

function spooledLines(home: string): number {
  const spool = join(home, 'spool');
  if (!existsSync(spool)) return 0;
  return readdirSync(spool)
    .filter((name) => name.endsWith('.jsonl'))
    .reduce(
      (count, name) => count + readFileSync(join(spool, name), 'utf8').split('\n').filter(Boolean).length,
      0,
    );
}

/** Every file under a folder, as text: what an attacker with the disk would read. */
function allText(directory: string): string {
  if (!existsSync(directory)) return '';
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

function expectNoSecret(text: string, samples: readonly SecretSample[], where: string): void {
  for (const sample of samples) {
    expect(text, `${sample.kind} in ${where}`).not.toContain(sample.secret);
    // JSON escapes a PEM's newlines and a URL's slashes stay: check the escaped form as well.
    expect(text, `${sample.kind} (escaped) in ${where}`).not.toContain(
      JSON.stringify(sample.secret).slice(1, -1),
    );
  }
}

describe.each(['pglite', 'postgres'] as const)('hostile hook input to the trail [%s]', (backend) => {
  const cwd = mkdtempSync(join(tmpdir(), 'tier1-hostile-trail-'));
  const home = join(cwd, '.tier1');
  const samples = secretSamples(CONFIGURED);
  let database: ReturnType<typeof createScratchDatabase> | undefined;
  const env: Record<string, string> = {
    TIER1_HOME: home,
    TIER1_PROJECT_ID: 'hostile',
    N8N_API_KEY: CONFIGURED,
    N8N_RELIABILITY_ENABLED: 'false',
  };
  const calls: { label: string; spooled: number }[] = [];

  beforeAll(() => {
    if (!existsSync(join(BIN, '../../dist/hook/main.cjs')))
      throw new Error(
        'apps/hook-runner/dist is missing: run pnpm -s turbo run build --filter=@tier1/hook-runner',
      );
    if (backend === 'postgres') {
      database = createScratchDatabase();
      env.DATABASE_URL = database.url;
    }
    const send = (label: string, body: unknown) => {
      const before = spooledLines(home);
      const run = spawnSync(process.execPath, [BIN], {
        cwd,
        input: typeof body === 'string' ? body : JSON.stringify(body),
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(run.status, `${label}: ${run.stderr}`).toBe(0);
      calls.push({ label, spooled: spooledLines(home) - before });
    };
    samples.forEach((sample, index) => {
      const place = PLACES[index % PLACES.length] as (typeof PLACES)[number];
      send(`secret ${sample.kind}`, place(`secret-${index}`, sample.text));
    });
    for (const [label, body] of HOSTILE) send(label, body);
  }, 180_000);

  afterAll(() => {
    database?.drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('spools at least one event for every hook call, hostile or not', () => {
    for (const call of calls) expect(call.spooled, call.label).toBeGreaterThanOrEqual(1);
  });

  it('never writes a secret to the spool or a session mirror', () => {
    expectNoSecret(allText(join(home, 'spool')), samples, 'the spool');
    expectNoSecret(allText(join(home, 'sessions')), samples, '.tier1/sessions');
  });

  it('drains every event, twice without blocking, and exports them with no secret in the clear', async () => {
    const spooled = calls.reduce((sum, call) => sum + call.spooled, 0);
    if (backend === 'postgres') {
      const migrated = await runCliForTest(['db', 'migrate'], { cwd, env });
      expect(migrated.code, migrated.stderr).toBe(0);
    }
    const first = await runCliForTest(['events', 'drain', '--json'], { cwd, env });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ stored: spooled, rejected: 0 });
    const again = await runCliForTest(['events', 'drain', '--json'], { cwd, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ stored: 0, rejected: 0 });
    const output = join(cwd, 'export.jsonl');
    const exported = await runCliForTest(['events', 'export', '--out', output], { cwd, env });
    expect(exported.code, exported.stderr).toBe(0);
    const text = readFileSync(output, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(spooled);
    expectNoSecret(text, samples, 'the export');
    expect(text).toContain('[REDACTED:');
    expect(text).toContain('\u2400');
  });
});
