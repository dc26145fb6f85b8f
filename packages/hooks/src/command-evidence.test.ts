import { describe, expect, it } from 'vitest';
import { evidenceKindsOf, outcomeOf } from './command-evidence';
import { DEFAULT_SHIP_PATTERNS } from './guardrail-config';

const kindsOf = (command: string) => evidenceKindsOf(command, DEFAULT_SHIP_PATTERNS);

describe('evidenceKindsOf', () => {
  it.each([
    ['pnpm test', ['tests']],
    ['pnpm --filter web exec vitest run', ['tests']],
    ['CI=1 npx jest --ci', ['tests']],
    ['python -m pytest -q', ['tests']],
    ['go test ./...', ['tests']],
    ['node --test', ['tests']],
    ['npm run test:unit', ['tests']],
    ['git add -A && git commit -m "fix: login"', ['commit']],
    ['git -C app push origin main', ['push']],
    ['npx tsc --noEmit', ['typecheck']],
    ['tsc -b', ['build', 'typecheck']],
    ['pnpm -r build && pnpm test 2>&1 | tail -20', ['build', 'tests']],
    ['npm run lint', ['lint']],
    ['cargo clippy', ['lint']],
    ['vercel --prod', ['deploy']],
    ['fly deploy', ['deploy']],
    ['npm publish', ['deploy']],
  ])('%s is evidence of %j', (command, expected) => {
    expect(kindsOf(command)).toEqual(expected);
  });

  it.each([
    'cat test/x.ts',
    'echo test',
    'ls build',
    'git log --oneline',
    'git push --dry-run origin main',
    'grep -r deploy .',
  ])('%s is evidence of nothing', (command) => {
    expect(kindsOf(command)).toEqual([]);
  });
});

describe('outcomeOf', () => {
  it('trusts a runner summary over the exit status of a pipe', () => {
    const failed = { category: 'test-success', runnerOutcome: 'failure' as const };
    expect(outcomeOf('tests', ['tests'], 'PostToolUse', 'pnpm test | tail', failed)).toBe('failed');
  });

  it('reads a non-zero exit as the failure of the one kind the call ran', () => {
    expect(outcomeOf('tests', ['tests'], 'PostToolUseFailure', 'pnpm test', null)).toBe('failed');
    expect(
      outcomeOf('build', ['build', 'tests'], 'PostToolUseFailure', 'pnpm build && pnpm test', null),
    ).toBe('unknown');
  });

  it('reads exit 0 as success only when the status covers every command', () => {
    expect(outcomeOf('tests', ['tests'], 'PostToolUse', 'cd app && pnpm test', null)).toBe('passed');
    expect(outcomeOf('tests', ['tests'], 'PostToolUse', 'pnpm test 2>&1 | tail -5', null)).toBe('unknown');
    expect(outcomeOf('tests', ['tests'], 'PostToolUse', 'pnpm test; echo done', null)).toBe('unknown');
    expect(outcomeOf('tests', ['tests'], 'PostToolUse', 'pnpm test || true', null)).toBe('unknown');
    expect(outcomeOf('tests', ['tests'], 'PostToolUse', 'echo "a | b" && pnpm test', null)).toBe('passed');
  });
});
