import { describe, expect, it } from 'vitest';
import { KeywordDetector } from '../src';

const MEGABYTE = 1024 * 1024;
const detector = new KeywordDetector();
const wholeText = new KeywordDetector({ scanWindow: { headChars: Infinity, tailChars: Infinity } });

/** `size` characters of test-runner chatter, including error words printed by passing tests. */
function chatter(size: number): string {
  const lines = [
    ' ✓ src/feature/handler.test.ts (12 tests) 34ms',
    'stderr | src/server.test.ts > rejects a bad request',
    'Error: expected rejection (logged on purpose by the test)',
    '    at Object.<anonymous> (/home/dev/project/src/module.ts:12:5)',
    'GET /api/items/12 404 1.2 ms - 532',
  ];
  const block = `${lines.join('\n')}\n`;
  return block.repeat(Math.ceil(size / block.length)).slice(0, size);
}

describe('KeywordDetector on large output', () => {
  it('decides a 12 MB passing log by its closing summary', () => {
    const output = `${chatter(12 * MEGABYTE)}\n Test Files  48 passed (48)\n      Tests  1234 passed (1234)\n`;
    const result = detector.detect(output, { toolName: 'Bash', command: 'pnpm test' });
    expect(result).toMatchObject({ decision: 'completed', confidence: 93, keywordFound: '1234 passed' });
    expect(result.reasons[0]).toBe('vitest summary: 1234 passed, 0 failed');
    expect(result.reasons.at(-1)).toMatch(
      /^read the first 4096 and last 32768 characters; \d+ in between not read$/,
    );
    expect(result.contextSnippet).toBe('Tests  1234 passed (1234)');
  });

  it('decides a 12 MB failing log by its closing summary', () => {
    const output = `${chatter(12 * MEGABYTE)}\n Test Files  1 failed | 47 passed (48)\n      Tests  2 failed | 1232 passed (1234)\n`;
    expect(detector.detect(output)).toMatchObject({ decision: 'no_action', keywordFound: '2 failed' });
  });

  it('reads a git commit line at the head of 10 MB of output', () => {
    const output = `[main 1a2b3c4] import fixtures\n 20000 files changed\n${' create mode 100644 fixtures/file.json\n'.repeat(
      (10 * MEGABYTE) / 40,
    )}`;
    expect(detector.detect(output)).toMatchObject({ decision: 'completed', category: 'commit-related' });
  });

  it('ignores failure words in the unread middle by default, and counts them when told to read everything', () => {
    const quiet = `${'compiling module\n'.repeat(3000)}`; // longer than the head and the tail window
    const output = `starting build\n${quiet}${chatter(5 * MEGABYTE)}\n${quiet}build complete\n`;
    expect(detector.detect(output).confidence).toBe(90);
    expect(wholeText.detect(output).confidence).toBe(60);
  });

  it('keeps the snippet bounded for an 11 MB output without line breaks', () => {
    const output = `${'a '.repeat(5.5 * MEGABYTE)}changes committed ${'b '.repeat(1000)}`;
    const result = detector.detect(output);
    expect(result.keywordFound).toBe('committed');
    expect(result.contextSnippet.length).toBeLessThanOrEqual(200);
    expect(result.contextSnippet).toContain('committed');
  });

  // Inputs built to make a backtracking regex take exponential or quadratic time. Every one
  // is read whole; the test's time limit is the guard (speed itself is measured in bench/).
  it.each([
    ['brackets', '['.repeat(2 * MEGABYTE)],
    ['rule characters', '='.repeat(2 * MEGABYTE)],
    ['spaces', ' '.repeat(2 * MEGABYTE)],
    ['zero counts', '0 '.repeat(MEGABYTE)],
    ['one long word', 'a'.repeat(2 * MEGABYTE)],
    ['a vitest line that never closes', `      Tests  ${'1 passed | '.repeat(200_000)}`],
    ['a jest line without a total', `Tests: ${'1 passed, '.repeat(200_000)}`],
    ['a pytest line without a time', `=== ${'1 passed, '.repeat(200_000)}`],
    ['node:test blocks', '# tests 1\n# pass 1\n'.repeat(100_000)],
    ['git commit brackets', `[${'main '.repeat(400_000)}`],
    ['phrase prefixes', 'no such file or '.repeat(120_000)],
    ['deploy prefixes', 'v1 deployed '.repeat(150_000)],
    ['a turbo prefix that never ends', `${'a:'.repeat(MEGABYTE)} done`],
    ['a pnpm prefix that never ends', `${'dir/'.repeat(250_000)}pkg ${'t:'.repeat(250_000)} x: y`],
  ])('reads %s without backtracking', (_name, output) => {
    expect(['completed', 'pending_review', 'no_action']).toContain(wholeText.detect(output).decision);
  });
});
