import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomChars } from '@tier1/secrets/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bashPostToolUse, sessionStart, todoWrite } from '../test/payloads';
import { type RunHookOptions, type RunHookReport, runHook } from './run-hook';

let project: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'tier1-run-hook-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

interface RecordedEvent {
  eventType: string;
  evidence: Record<string, unknown>;
  sessionId: string | null;
}

/** One hook call in this process, the project's directory as cwd and the spool in its .tier1/. */
async function hook(
  payload: unknown,
  options: Pick<RunHookOptions, 'loadSecretRules'> = {},
): Promise<RunHookReport & { stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const report = await runHook({
    stdin: Readable.from([JSON.stringify(payload)]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { TIER1_PROJECT_ID: 'run-hook-test' },
    cwd: project,
    ...options,
  });
  return { ...report, stdout, stderr };
}

const recorded = (report: RunHookReport) => report.recorded as RecordedEvent[];

const writeKeywordsFile = (content: string) => writeFileSync(join(project, 'tier1.keywords.json'), content);

const migrationItem = [
  { content: 'Migrate the users table', status: 'in_progress', activeForm: 'Migrating the users table' },
];
const migrationRun = bashPostToolUse('s-migrate', 'pnpm db:up', 'migrated 3 tables in 120ms\n');

describe("runHook with the project's tier1.keywords.json", () => {
  it('completes an action item on a keyword of the project’s own category', async () => {
    writeKeywordsFile(
      JSON.stringify({ categories: { migration: { baseConfidence: 85, keywords: ['migrated'] } } }),
    );
    await hook(todoWrite('s-migrate', migrationItem));
    const run = await hook(migrationRun);
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(run.answer?.hookSpecificOutput?.additionalContext).toContain('"Migrate the users table"');
    expect(recorded(run)).toEqual([
      expect.objectContaining({
        eventType: 'action_item_completed',
        evidence: expect.objectContaining({
          detected_keyword: 'migrated',
          keyword_category: 'migration',
          confidence: 85,
          new_status: 'completed',
        }),
      }),
    ]);
  });

  it('without the file the same output completes nothing', async () => {
    await hook(todoWrite('s-migrate', migrationItem));
    const run = await hook(migrationRun);
    expect(run).toMatchObject({ exitCode: 0, stderr: '', stdout: '' });
    expect(recorded(run).map((event) => event.eventType)).toEqual(['no_action_taken']);
  });

  it('a broken file: exit 0, one stderr line, a recorded problem, and the default keywords still work', async () => {
    writeKeywordsFile('{ "categories": { "migration": { "keywords": ["migrated"], } } }');
    await hook(
      todoWrite('s-broken', [{ content: 'Commit the fix', status: 'in_progress', activeForm: 'x' }]),
    );
    const run = await hook(
      bashPostToolUse('s-broken', "git commit -m 'fix'", '[main 1a2b3c4] fix\n 1 file changed\n'),
    );
    expect(run.exitCode).toBe(0);
    expect(run.stderr.split('\n')).toEqual([expect.any(String), '']);
    expect(run.stderr).toContain(`${join(project, 'tier1.keywords.json')}: line 1, column 60`);
    expect(run.stderr).toContain('correct the JSON in tier1.keywords.json');
    expect(run.stderr).toContain('the default keywords are used');
    expect(run.answer?.hookSpecificOutput?.additionalContext).toContain('"Commit the fix"');
    expect(recorded(run).map((event) => event.eventType)).toEqual([
      'action_item_completed',
      'hook_input_rejected',
    ]);
    expect(recorded(run)[1]).toMatchObject({
      sessionId: 's-broken',
      evidence: {
        hook_event_name: 'PostToolUse',
        problem: expect.stringContaining('is not valid JSON'),
      },
    });
  });

  it('names the field of a file that is JSON but not valid options', async () => {
    writeKeywordsFile(JSON.stringify({ categories: { migration: { keywords: ['migrated'] } } }));
    const run = await hook(migrationRun);
    expect(run.stderr).toContain('categories.migration.baseConfidence: is required for a new category');
    expect(run.stderr).toContain('fix: give a number from 0 to 100');
    expect(recorded(run).map((event) => event.eventType)).toEqual(['no_action_taken', 'hook_input_rejected']);
  });

  it('session events never read the file', async () => {
    writeKeywordsFile('not json');
    const run = await hook(sessionStart('s-start'));
    expect(run.stderr).toBe('');
    expect(recorded(run).map((event) => event.eventType)).toEqual(['session_started']);
  });
});

describe("runHook with the project's .gitleaks.toml", () => {
  const token = `acme_${randomChars('run-hook acme', 32, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
  const rotate = todoWrite('s-rules', [{ content: `Rotate ${token}`, status: 'pending', activeForm: 'x' }]);
  // The allowlist would accept the token in the repository; it must not in the trail.
  const writeRules = () =>
    writeFileSync(
      join(project, '.gitleaks.toml'),
      `[[rules]]\nid = "acme-token"\nregex = '''acme_[a-z0-9]{32}'''\n[allowlist]\nregexes = ['''^acme_''']\n`,
    );
  const loadSecretRules = vi.fn(() => import('@tier1/secrets'));
  afterEach(() => loadSecretRules.mockClear());

  it('redacts a token of its own rule in the events and the session mirror', async () => {
    writeRules();
    const run = await hook(rotate, { loadSecretRules });
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(loadSecretRules).toHaveBeenCalledTimes(1);
    const events = JSON.stringify(run.recorded);
    expect(events).not.toContain(token);
    expect(events).toContain('Rotate [REDACTED:acme-token]');
    const mirrors = join(project, '.tier1', 'sessions');
    const mirrored = readdirSync(mirrors).map((name) => readFileSync(join(mirrors, name), 'utf8'));
    expect(mirrored.join('\n')).not.toContain(token);
    expect(mirrored.join('\n')).toContain('[REDACTED:acme-token]');
  });

  it('never loads the rules in a project without the file', async () => {
    const run = await hook(rotate, { loadSecretRules });
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(loadSecretRules).not.toHaveBeenCalled();
  });

  it('a broken file: one warning naming it and the fix, the events recorded with the built-in rules', async () => {
    writeFileSync(join(project, '.gitleaks.toml'), '[[rules]]\nid = 3\n');
    const secret = `ghp_${randomChars('run-hook github', 36)}`;
    const run = await hook(
      todoWrite('s-broken-rules', [{ content: `Rotate ${secret}`, status: 'pending', activeForm: 'x' }]),
      { loadSecretRules },
    );
    expect(run.exitCode).toBe(0);
    expect(run.stderr.split('\n')).toEqual([expect.any(String), '']);
    expect(run.stderr).toContain(`tier1-hook: ${join(project, '.gitleaks.toml')}: rules[0].id`);
    expect(run.stderr).toContain('fix the file');
    expect(run.stderr).toContain('redacted with the built-in secret rules only');
    expect(run.recorded.length).toBeGreaterThan(0);
    expect(JSON.stringify(run.recorded)).not.toContain(secret);
  });

  it('a rules layer that cannot be loaded: a warning, and the call goes on', async () => {
    writeRules();
    const run = await hook(rotate, {
      loadSecretRules: () => {
        throw new Error('Cannot find module secret-rules.cjs');
      },
    });
    expect(run.stderr).toContain("the project's secret rules could not be loaded");
    expect(run.recorded.length).toBeGreaterThan(0);
  });
});
