import { describe, expect, it } from 'vitest';
import { createPhraseMatcher } from './phrase-matcher';

const phrases = ['passed', 'all tests passed', 'error', 'git commit', '✅ passing', 'could not', '404'];
const matcher = createPhraseMatcher(phrases);
const found = (text: string) => matcher.findAll(text).map((match) => phrases[match.phraseIndex]);

describe('createPhraseMatcher', () => {
  it('finds whole words regardless of case', () => {
    expect(found('PASSED test_a; Error: x; Could Not connect')).toEqual(['passed', 'error', 'could not']);
  });

  it.each([
    ['bypassed'],
    ['errorHandler'],
    ['console.error'],
    ['src/error.ts'],
    ['error.log'],
    ['@error/pkg'],
    ['--error-format'],
    ['pre-passed'],
    ['E404'],
    ['14040'],
    ['my_error'],
    ['Fehlerübererror'],
  ])('finds nothing inside the token %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('allows a plural s and punctuation after a word', () => {
    expect(found('3 errors, error: x, (error), error.')).toEqual(['error', 'error', 'error', 'error']);
  });

  it('matches a space in a phrase to any run of spaces or tabs, but not a line break', () => {
    expect(found('git  commit\tand git\tcommit')).toEqual(['git commit', 'git commit']);
    expect(found('git\ncommit')).toEqual([]);
  });

  it('prefers the longest phrase at a position', () => {
    expect(found('all tests passed')).toEqual(['all tests passed']);
  });

  it('finds phrases that start with an emoji', () => {
    expect(found('✅ passing (12)')).toEqual(['✅ passing']);
  });

  it('reports where each match starts and the text as printed', () => {
    expect(matcher.findAll('ok\nERRORS here')).toEqual([{ phraseIndex: 2, index: 3, text: 'ERRORS' }]);
  });

  it('finds nothing with no phrases or no candidate words', () => {
    expect(createPhraseMatcher([]).findAll('passed')).toEqual([]);
    expect(found('nothing relevant in this line')).toEqual([]);
  });

  it('gives the same answer for the same text twice (the compiled pattern is reused)', () => {
    const text = 'error then passed';
    expect(found(text)).toEqual(found(text));
  });
});
