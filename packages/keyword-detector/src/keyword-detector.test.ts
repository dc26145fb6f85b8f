import { describe, expect, it } from 'vitest';
import { KeywordDetector } from './keyword-detector';
import { KeywordDetectorOptionsError } from './options';

const detector = new KeywordDetector();
const detect = (output: string, context?: { toolName?: string; command?: string }) =>
  detector.detect(output, context);

describe('KeywordDetector.detect: the architecture formula', () => {
  it.each([
    ['commit-related', 'Changes committed.', 95],
    ['deployment', 'Site deployed.', 90],
    ['test-success', 'all tests passed', 88],
    ['bug-fixed', 'The race condition is fixed.', 85],
    ['build-success', 'build complete', 90],
    ['file-created', 'file created', 75],
  ])('gives %s its base confidence', (category, output, confidence) => {
    const result = detect(output);
    expect(result.category).toBe(category);
    expect(result.confidence).toBe(confidence);
  });

  it('takes 30 off for a failure indicator and decides pending review', () => {
    const result = detect('Changes committed.\nerror: could not push');
    expect(result.confidence).toBe(65);
    expect(result.decision).toBe('pending_review');
    expect(result.reasons.join('\n')).toContain('-30');
  });

  it('adds 5 when the command fits the category', () => {
    const result = detect('build complete', { command: 'pnpm run build' });
    expect(result.confidence).toBe(95);
    expect(result.reasons.join('\n')).toContain('command mentions "build"');
  });

  it('adds 5 when the tool fits the category (Write + file created -> completed)', () => {
    const result = detect('File created successfully at: /repo/a.ts', { toolName: 'Write' });
    expect(result).toMatchObject({ category: 'file-created', confidence: 80, decision: 'completed' });
  });

  it('moves nothing for a Claude Code Edit result (no keyword by default)', () => {
    expect(
      detect('The file /repo/src/a.ts has been updated.', { toolName: 'Edit', command: '/repo/src/a.ts' }),
    ).toMatchObject({
      keywordFound: null,
      decision: 'no_action',
    });
  });

  it('does not take a dev server for a deployment', () => {
    expect(detect('ready - Server live on http://localhost:3000').keywordFound).toBeNull();
  });

  it('treats "created" alone as weak (architecture example: 55, no action)', () => {
    expect(detect('created')).toMatchObject({ confidence: 55, decision: 'no_action' });
  });

  it('prefers the strongest category when several keywords appear', () => {
    expect(detect('file saved, changes committed').category).toBe('commit-related');
  });

  it('returns no action with no keyword and empty output', () => {
    expect(detect('')).toMatchObject({
      keywordFound: null,
      confidence: 0,
      category: null,
      decision: 'no_action',
      contextSnippet: '',
    });
  });

  it('accepts output that is not a string without throwing', () => {
    expect(detect(undefined as unknown as string).decision).toBe('no_action');
  });
});

describe('KeywordDetector.detect: traps', () => {
  it.each([
    ['passed inside a longer word', 'the check was bypassed', null],
    ['a zero count of passes', '0 passed, 3 failed', null],
    ['no tests passed', 'no tests passed', null],
    ['not fixed', 'the bug is not fixed yet', null],
    ['pnpm progress', 'Progress: resolved 345, reused 300, downloaded 0, added 0, done', null],
    ['a JSON field name', '{"resolved": "https://registry.npmjs.org/x"}', null],
    ['createdAt', 'createdAt: 2026-01-01', null],
  ])('finds no completion in %s', (_name, output, keyword) => {
    expect(detect(output).keywordFound).toBe(keyword);
  });

  it.each([
    ['errorHandler', 'registered errorHandler; build complete'],
    ['0 errors', 'build complete with 0 errors'],
    ['no errors', 'build complete, no errors'],
    ['errors: 0', 'build complete. errors: 0'],
    ['console.error', 'patched console.error; build complete'],
    ['a path', 'wrote src/error.ts; build complete'],
    ['a JSON null error', '{"error": null} build complete'],
    ['404 as a count', '404 passed; build complete'],
    ['a conditional', 'build complete; retries if an error occurs'],
  ])('counts no failure for %s', (_name, output) => {
    const result = detect(output);
    expect(result.category).toBe('build-success');
    expect(result.confidence).toBe(90);
  });

  it('still counts real failures: "3 errors", "TypeError" words, 404 statuses', () => {
    expect(detect('build complete with 3 errors').confidence).toBe(60);
    expect(detect('deployed, but GET /health returned 404').confidence).toBe(60);
    expect(detect('build complete\nError: boom').confidence).toBe(60);
  });

  it('says which matches it ignored', () => {
    expect(detect('build complete with 0 errors').reasons.join('\n')).toContain('ignored "errors"');
  });
});

describe('KeywordDetector.detect: read-only commands', () => {
  it('takes no words from git log, cat or grep as evidence', () => {
    const log = '1a2b3c4 fix: resolved race in the session store\n5d6e7f8 deployed the new API';
    expect(detect(log, { toolName: 'Bash', command: 'git log --oneline -5' })).toMatchObject({
      keywordFound: null,
      decision: 'no_action',
      reasons: ['git log shows what exists, not what was done: its words are no evidence'],
    });
    expect(detect('## 1.2.0\n### Fixed\n- crash on start', { command: 'cat CHANGELOG.md' }).decision).toBe(
      'no_action',
    );
  });

  it('still reads a command that does something, even when piped into a reader', () => {
    expect(detect('all tests passed', { command: 'pnpm test 2>&1 | tail -5' }).decision).toBe('completed');
  });

  it('still lets a runner summary decide (a log a background run wrote)', () => {
    expect(detect('      Tests  3 passed (3)', { command: 'tail -3 test.log' }).decision).toBe('completed');
  });
});

describe('KeywordDetector options', () => {
  it('adds a project category with its own keywords', () => {
    const custom = new KeywordDetector({
      categories: {
        'migration-applied': {
          baseConfidence: 86,
          keywords: ['migrations applied'],
          clearContext: ['migrate'],
        },
      },
    });
    expect(custom.detect('3 migrations applied', { command: 'pnpm db:migrate' })).toMatchObject({
      category: 'migration-applied',
      confidence: 91,
      decision: 'completed',
    });
  });

  it('overrides a base confidence and replaces keywords', () => {
    const custom = new KeywordDetector({
      categories: { 'file-created': { baseConfidence: 50, keywords: ['emitted'], replaceKeywords: true } },
    });
    expect(custom.detect('file created').keywordFound).toBeNull();
    expect(custom.detect('emitted').confidence).toBe(50);
  });

  it('adds and removes failure indicators', () => {
    const custom = new KeywordDetector({ failureIndicators: { add: ['rolled back'], remove: ['404'] } });
    expect(custom.detect('deployed, then rolled back').confidence).toBe(60);
    expect(custom.detect('deployed; GET /old 404').confidence).toBe(90);
  });

  it('adds and removes read-only commands', () => {
    const custom = new KeywordDetector({ readOnlyCommands: { add: ['kubectl get'], remove: ['cat'] } });
    expect(custom.detect('deployment.apps/web deployed', { command: 'kubectl get deploy' }).decision).toBe(
      'no_action',
    );
    expect(custom.detect('file saved; changes committed', { command: 'cat out.txt' }).category).toBe(
      'commit-related',
    );
  });

  it('rejects invalid options with every problem named', () => {
    let error: unknown;
    try {
      new KeywordDetector({
        categories: { custom: { keywords: [''] } },
        failureIndicators: { add: 'oops' as unknown as string[] },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KeywordDetectorOptionsError);
    const fields = (error as KeywordDetectorOptionsError).issues.map((issue) => issue.field);
    expect(fields).toEqual([
      'categories.custom.baseConfidence',
      'categories.custom.keywords[0]',
      'failureIndicators.add',
    ]);
  });
});
