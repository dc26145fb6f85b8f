import { describe, expect, it } from 'vitest';
import { readClaims } from './claims';

const kinds = (message: string) => readClaims(message).map((claim) => claim.kind);

describe('readClaims', () => {
  it.each([
    ['All tests pass and the changes are committed.', ['tests', 'commit']],
    ["I've fixed the bug. All 42 tests now pass, and I pushed the branch to origin.", ['tests', 'push']],
    ['The build is green.\n\nLint is clean and there are no type errors.', ['build', 'lint', 'typecheck']],
    ['Deployed to production: https://app.example.com', ['deploy']],
    ['Everything is done. Committed as abc1234.', ['commit', 'done']],
    ['All tasks are completed.', ['done']],
    ['Done! The feature is implemented.', ['done']],
    ['- ✅ **Tests**: all tests passed (12 passed, 0 failed)', ['tests']],
    ['Build successful, and `tsc --noEmit` is clean.', ['build', 'typecheck']],
  ])('reads the claims of %j', (message, expected) => {
    expect(kinds(message)).toEqual(expected);
  });

  it.each([
    "Tests are still failing; I couldn't fix the last one.",
    'Once the tests pass, you can deploy with `vercel --prod`.',
    'I have not committed the changes yet — let me know if you want me to.',
    '```\n12 passed\n```\nNext, run the tests.',
    'Should I push these changes?',
    'The deployed version has a bug in the header.',
    'I will commit and push once you confirm.',
    'If the build passes in CI, the release is ready.',
    '> All tests pass\nThat is what the README claims; I did not run them.',
    'Please verify that the tests pass on your machine.',
  ])('reads no claim in %j', (message) => {
    expect(kinds(message)).toEqual([]);
  });

  it('keeps the claiming sentence, at most 200 characters', () => {
    const [claim] = readClaims(`Intro.\nAll tests pass ${'and more '.repeat(40)}.`);
    expect(claim?.kind).toBe('tests');
    expect(claim?.sentence.startsWith('All tests pass')).toBe(true);
    expect(claim?.sentence.length).toBeLessThanOrEqual(200);
  });

  it('reads a huge message in bounded time and finds nothing in noise', () => {
    const start = performance.now();
    expect(kinds(`${'a '.repeat(500_000)}\u0000\ud800`)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
