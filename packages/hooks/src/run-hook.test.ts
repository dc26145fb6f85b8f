import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bashPostToolUse, sessionStart, todoWrite } from '../test/payloads';
import { type RunHookReport, runHook } from './run-hook';

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
async function hook(payload: unknown): Promise<RunHookReport & { stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const report = await runHook({
    stdin: Readable.from([JSON.stringify(payload)]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { TIER1_PROJECT_ID: 'run-hook-test' },
    cwd: project,
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
