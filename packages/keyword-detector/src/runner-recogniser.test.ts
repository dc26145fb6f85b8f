import { describe, expect, it } from 'vitest';
import { countSummaryRecogniser, lastMatch, patternRecogniser } from './runner-recogniser';

const migrate = patternRecogniser({
  name: 'migrate',
  category: 'migration-applied',
  success: [
    {
      pattern: /^Applied (\d+) migrations?$/gm,
      describe: (m) => `migrate: ${m[1]} applied`,
      hints: ['Applied'],
    },
  ],
  failure: [{ pattern: /^Migration (\S+) failed$/gm, describe: (m) => `migrate: ${m[1]} failed` }],
  silentSuccess: { command: /\bdb:push\b/, reason: 'db:push printed nothing' },
});

describe('patternRecogniser', () => {
  it('reads the last success line', () => {
    expect(migrate.recognise('Applied 1 migration\nApplied 3 migrations\n', {})).toEqual({
      recogniser: 'migrate',
      category: 'migration-applied',
      outcome: 'success',
      keyword: 'Applied 3 migrations',
      index: 20,
      reason: 'migrate: 3 applied',
    });
  });

  it('lets any failure line win over later success lines', () => {
    expect(migrate.recognise('Migration 002 failed\nApplied 3 migrations\n', {})?.outcome).toBe('failure');
  });

  it('skips a signal whose hint is absent', () => {
    expect(migrate.recognise('applied 3 migrations', {})).toBeUndefined();
  });

  it('treats empty output after a silent command as success, and only then', () => {
    expect(migrate.recognise('', { command: 'pnpm db:push' })?.reason).toBe('db:push printed nothing');
    expect(migrate.recognise('', { command: 'pnpm build' })).toBeUndefined();
    expect(migrate.recognise('something', { command: 'pnpm db:push' })).toBeUndefined();
  });

  it('reads nothing when appliesTo says no', () => {
    const gated = patternRecogniser({
      name: 'gated',
      category: 'deployment',
      appliesTo: (_text, context) => context.command === 'ship',
      success: [{ pattern: /^shipped$/gm, describe: () => 'shipped' }],
      failure: [],
    });
    expect(gated.recognise('shipped', {})).toBeUndefined();
    expect(gated.recognise('shipped', { command: 'ship' })?.outcome).toBe('success');
  });
});

describe('countSummaryRecogniser', () => {
  const runner = countSummaryRecogniser({
    name: 'runner',
    category: 'test-success',
    line: /^Result: (.+)$/gm,
    count: /(\d+) ([a-z]+)/g,
    numberFirst: true,
    passWords: ['ok'],
    failWords: ['bad'],
    skipWords: ['skipped'],
  });

  it('is a success when something passed and nothing failed', () => {
    expect(runner.recognise('Result: 3 ok, 1 skipped', {})).toMatchObject({
      outcome: 'success',
      keyword: '3 passed',
      reason: 'runner summary: 3 passed, 0 failed, 1 skipped',
    });
  });

  it('is a failure when anything failed, even in an earlier line', () => {
    expect(runner.recognise('Result: 2 bad, 1 ok\nResult: 3 ok', {})).toMatchObject({
      outcome: 'failure',
      keyword: '2 failed',
    });
  });

  it('is no success when nothing ran', () => {
    expect(runner.recognise('Result: 0 ok', {})).toMatchObject({
      outcome: 'failure',
      reason: 'runner summary: 0 passed, 0 failed (nothing ran)',
    });
  });

  it('recognises nothing without a summary line', () => {
    expect(runner.recognise('3 ok', {})).toBeUndefined();
  });
});

describe('lastMatch', () => {
  it('returns the last match or undefined', () => {
    expect(lastMatch('a1 a2 a3', /a(\d)/g)?.[1]).toBe('3');
    expect(lastMatch('b', /a/g)).toBeUndefined();
  });
});
