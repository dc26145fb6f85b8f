/*
 * The three guardrails (docs/guardrails.md) on both of Claude Code's transports: the same payload
 * through the real tier1-hook bin and POSTed to a real detached `tier1 serve` (docs/server.md)
 * must get the same answer, the guardrail's. A real git repository, the embedded store.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeProductionCheckState } from '@tier1/production-checker';
import { fakeSecrets } from '@tier1/secrets/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUp,
  commandHook,
  httpHook,
  type ListedEvent,
  type Project,
  prepareStoreTemplate,
  project,
  type ServerInfoFile,
  SLOW,
  serve,
  sessionEvents,
  waitFor,
} from './serve-support';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

let p: Project;
let server: ServerInfoFile;

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: p.cwd,
    encoding: 'utf8',
    env: { ...process.env, ...IDENTITY },
  }).trim();
}

beforeAll(async () => {
  await prepareStoreTemplate();
  p = project();
  git('init', '-q', '-b', 'main');
  writeFileSync(join(p.cwd, '.gitignore'), '.tier1/\n');
  writeFileSync(join(p.cwd, 'README.md'), '# demo\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  server = await serve(p);
}, SLOW);
afterAll(cleanUp);

/** The answers of both transports to one payload each (own session ids: evidence is per session). */
async function bothTransports(
  payload: (sessionId: string) => object,
): Promise<{ command: string; http: string }> {
  const command = (await commandHook(p, payload('s-cmd'))).trim();
  const answered = await httpHook(server, payload('s-http'));
  expect(answered.status).toBe(200);
  return { command, http: answered.body };
}

/** Claude Code's hook answer, as far as these guardrails write it (docs/guardrails.md). */
interface HookAnswer {
  decision?: string;
  reason?: string;
  systemMessage?: string;
  hookSpecificOutput?: {
    hookEventName: string;
    permissionDecision: string;
    permissionDecisionReason: string;
  };
}

/** The one answer both transports gave, parsed; undefined when both said nothing. */
async function sameAnswer(payload: (sessionId: string) => object): Promise<HookAnswer | undefined> {
  const { command, http } = await bothTransports(payload);
  expect(http).toBe(command);
  return command === '' ? undefined : JSON.parse(command);
}

const base = (sessionId: string, hook_event_name: string) => ({
  session_id: sessionId,
  transcript_path: join(p.cwd, 't.jsonl'),
  cwd: p.cwd,
  hook_event_name,
});

const preToolUse = (tool_name: string, tool_input: object) => (sessionId: string) => ({
  ...base(sessionId, 'PreToolUse'),
  tool_name,
  tool_input,
  tool_use_id: 'toolu_gate',
});

function checkState(decision: 'go' | 'no_go', failedChecks: string[]): void {
  // What `tier1 check` leaves for the gate, under the project's default TIER1_HOME (.tier1).
  writeProductionCheckState(join(p.cwd, '.tier1'), {
    version: 1,
    projectId: 'serve-test',
    root: p.cwd,
    decision,
    failedChecks,
    advisoryFailures: [],
    checkedAt: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD'),
    eventUid: null,
  });
}

/** Both sessions' events of one type, once the command hook's spooled ones are drained in. */
async function eventsOfBoth(eventType: string, count: number) {
  const found: Record<'cmd' | 'http', ListedEvent[]> = { cmd: [], http: [] };
  await waitFor(async () => {
    for (const session of ['cmd', 'http'] as const) {
      found[session] = (await sessionEvents(p, `s-${session}`)).filter(
        (event) => event.eventType === eventType,
      );
    }
    return found.cmd.length >= count && found.http.length >= count;
  }, 30_000);
  return found;
}

describe('guardrails over the command hook and tier1 serve HTTP hooks', { timeout: SLOW }, () => {
  it('deploy gate: denies a push to main after a NO-GO on both, and lets it pass after a GO', async () => {
    checkState('no_go', ['tests', 'security']);
    const denied = await sameAnswer(preToolUse('Bash', { command: 'git push origin main' }));
    expect(denied?.hookSpecificOutput).toEqual({
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringContaining('NO-GO: failed checks: tests, security'),
    });
    expect(denied?.hookSpecificOutput?.permissionDecisionReason).toContain('/production-check');

    checkState('go', []);
    expect(await sameAnswer(preToolUse('Bash', { command: 'git push origin main' }))).toBeUndefined();

    const gated = await eventsOfBoth('tool_call_gated', 1);
    for (const events of [gated.cmd, gated.http]) {
      expect(events).toEqual([
        expect.objectContaining({
          status: 'denied',
          evidence: expect.objectContaining({ gate: 'deploy_gate', branch: 'main' }),
        }),
      ]);
    }
  });

  it('secret gate: denies a Write holding a token on both, redacted, and lets a clean Write through', async () => {
    const token = fakeSecrets.githubToken();
    const file = join(p.cwd, 'client.ts');
    const denied = await sameAnswer(
      preToolUse('Write', { file_path: file, content: `export const t = '${token}';\n` }),
    );
    expect(denied?.hookSpecificOutput).toMatchObject({ permissionDecision: 'deny' });
    expect(denied?.hookSpecificOutput?.permissionDecisionReason).toContain('Tier 1 secret gate');
    expect(denied?.hookSpecificOutput?.permissionDecisionReason).toContain('process.env.GITHUB_TOKEN');
    expect(JSON.stringify(denied)).not.toContain(token);

    expect(
      await sameAnswer(
        preToolUse('Write', { file_path: file, content: 'export const t = process.env.T;\n' }),
      ),
    ).toBeUndefined();

    const gated = await eventsOfBoth('tool_call_gated', 2);
    for (const events of [gated.cmd, gated.http]) {
      const secret = events.filter((event) => event.evidence.gate === 'secret_gate');
      expect(secret).toHaveLength(1);
      expect(JSON.stringify(secret)).not.toContain(token);
    }
  });

  it('claim check: blocks "All tests pass." after a failing test run on both, never when stop_hook_active', async () => {
    writeFileSync(join(p.cwd, 'tier1.guardrails.json'), JSON.stringify({ claims: { mode: 'block' } }));
    const failedRun = (sessionId: string) => ({
      ...base(sessionId, 'PostToolUseFailure'),
      tool_name: 'Bash',
      tool_input: { command: 'npm test' },
      tool_use_id: 'toolu_test',
      error:
        'Exit code 1\n FAIL  src/login.test.ts > login > accepts a valid password\n      Tests  1 failed | 11 passed (12)\n',
      is_interrupt: false,
    });
    const stop = (active: boolean) => (sessionId: string) => ({
      ...base(sessionId, 'Stop'),
      stop_hook_active: active,
      last_assistant_message: 'All tests pass.',
    });
    await sameAnswer(failedRun);

    const blocked = await sameAnswer(stop(false));
    expect(blocked).toMatchObject({
      decision: 'block',
      reason: expect.stringContaining('the latest test run failed'),
    });
    expect(blocked?.reason).toContain('`npm test` failed');
    const continuing = await sameAnswer(stop(true));
    expect(continuing?.decision).toBeUndefined();
    expect(continuing?.systemMessage).toContain('the latest test run failed');

    const contradicted = await eventsOfBoth('claim_contradicted', 2);
    for (const events of [contradicted.cmd, contradicted.http]) {
      expect(events.map((event) => event.evidence.claim_kind)).toEqual(['tests', 'tests']);
    }
  });
});
