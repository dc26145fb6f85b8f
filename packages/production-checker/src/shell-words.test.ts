import { describe, expect, it } from 'vitest';
import { splitEnvAssignments, splitScript } from './shell-words';

describe('splitScript', () => {
  it('splits commands on && || ; | and words on spaces', () => {
    expect(splitScript('tsc -p . && vitest run --coverage || true; echo a | cat')).toEqual([
      ['tsc', '-p', '.'],
      ['vitest', 'run', '--coverage'],
      ['true'],
      ['echo', 'a'],
      ['cat'],
    ]);
  });

  it('keeps quoted text as one word and never expands anything', () => {
    expect(splitScript(`node --test "test/a b.test.js" 'x;y' $(touch pwned) a\\ b`)).toEqual([
      ['node', '--test', 'test/a b.test.js', 'x;y', '$(touch', 'pwned)', 'a b'],
    ]);
  });

  it('keeps an empty quoted word', () => {
    expect(splitScript(`jest --testNamePattern ""`)).toEqual([['jest', '--testNamePattern', '']]);
  });
});

describe('splitEnvAssignments', () => {
  it('separates leading VAR=value words', () => {
    expect(splitEnvAssignments(['NODE_ENV=test', 'TZ=UTC', 'vitest', 'run', 'A=b'])).toEqual({
      env: { NODE_ENV: 'test', TZ: 'UTC' },
      words: ['vitest', 'run', 'A=b'],
    });
  });
});
