import { describe, expect, it } from 'vitest';
import { READ_ONLY_COMMANDS, readOnlyCommand } from './read-only-command';

describe('readOnlyCommand', () => {
  it.each([
    ['git log --oneline -5', 'git log'],
    ['git show HEAD', 'git show'],
    ['cat CHANGELOG.md', 'cat'],
    ['/usr/bin/grep -rn fixed src', 'grep'],
    ['LC_ALL=C grep -c passed report.txt', 'grep'],
    ['git log -1 && git status', 'git log'],
    ['tail -n 50 build.log | grep -i error', 'tail'],
  ])('%s is read-only (%s)', (command, expected) => {
    expect(readOnlyCommand(command, READ_ONLY_COMMANDS)).toBe(expected);
  });

  it('takes its list from the caller', () => {
    expect(readOnlyCommand('kubectl get pods', [...READ_ONLY_COMMANDS, 'kubectl get'])).toBe('kubectl get');
    expect(readOnlyCommand('cat notes.md', ['ls'])).toBeUndefined();
  });

  it.each([
    ['pnpm test | tail -5'],
    ['git commit -m "fix: resolved"'],
    ['git push origin main'],
    ['echo ok && pnpm build'],
    ['vercel deploy --prod'],
    [''],
    [undefined],
    ['git -c color.ui=never show HEAD (options before the subcommand are not parsed)'],
  ])('%s is not read-only', (command) => {
    expect(readOnlyCommand(command, READ_ONLY_COMMANDS)).toBeUndefined();
  });
});
