import { describe, expect, it } from 'vitest';
import { parseGitignore } from './gitignore';

describe('parseGitignore', () => {
  const ignored = parseGitignore(
    [
      '# comment',
      '',
      '.env',
      '*.log',
      '/build',
      'tmp/',
      'secrets/**/*.pem',
      '!keep.log',
      'docs/[ab].md',
      'cache?',
    ].join('\n'),
  );

  it.each([
    ['.env', false],
    ['app/.env', false],
    ['debug.log', false],
    ['a/b/debug.log', false],
    ['build', true],
    ['tmp', true],
    ['a/tmp', true],
    ['secrets/x/y/key.pem', false],
    ['secrets/key.pem', false],
    ['docs/a.md', false],
    ['cache1', false],
  ])('ignores %s (directory: %s)', (path, isDirectory) => {
    expect(ignored(path, isDirectory)).toBe(true);
  });

  it.each([
    ['keep.log', false],
    ['src/build', true],
    ['tmp', false],
    ['.env.example', false],
    ['docs/c.md', false],
    ['secrets/key.pub', false],
    ['src/index.ts', false],
  ])('keeps %s (directory: %s)', (path, isDirectory) => {
    expect(ignored(path, isDirectory)).toBe(false);
  });
});
