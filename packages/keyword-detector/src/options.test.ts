import { describe, expect, it } from 'vitest';
import { DEFAULT_FAILURE_INDICATORS } from './categories';
import { KeywordDetectorOptionsError, resolveOptions, validateKeywordDetectorOptions } from './options';
import { DEFAULT_SCAN_WINDOW } from './scan-region';

const fieldsOf = (value: unknown) => validateKeywordDetectorOptions(value).map((issue) => issue.field);

describe('validateKeywordDetectorOptions', () => {
  it('accepts no options and a full valid set', () => {
    expect(validateKeywordDetectorOptions(undefined)).toEqual([]);
    expect(
      validateKeywordDetectorOptions({
        categories: {
          'migration-applied': {
            baseConfidence: 85,
            keywords: ['migrated', { phrase: 'schema updated', confidence: 70 }],
          },
          deployment: { baseConfidence: 92, clearContext: ['ship'] },
        },
        failureIndicators: { add: ['rolled back'], remove: ['404'] },
        scanWindow: { headChars: 0, tailChars: Infinity },
      }),
    ).toEqual([]);
  });

  it.each([
    ['not an object', 'options', 'options'],
    [{ categorie: {} }, 'a misspelt key', 'options.categorie'],
    [{ categories: [] }, 'categories as a list', 'categories'],
    [
      { categories: { x: { keywords: ['a'] } } },
      'a new category without a base',
      'categories.x.baseConfidence',
    ],
    [
      { categories: { x: { baseConfidence: 80 } } },
      'a new category without keywords',
      'categories.x.keywords',
    ],
    [
      { categories: { x: { baseConfidence: 80, keywords: [] } } },
      'a new category with no keywords',
      'categories.x.keywords',
    ],
    [
      { categories: { deployment: { baseConfidence: 101 } } },
      'a base above 100',
      'categories.deployment.baseConfidence',
    ],
    [
      { categories: { deployment: { baseConfidence: Number.NaN } } },
      'a base that is not a number',
      'categories.deployment.baseConfidence',
    ],
    [
      { categories: { deployment: { keywords: 'shipped' } } },
      'keywords as a string',
      'categories.deployment.keywords',
    ],
    [
      { categories: { deployment: { keywords: ['  '] } } },
      'a blank keyword',
      'categories.deployment.keywords[0]',
    ],
    [
      { categories: { deployment: { keywords: ['a\nb'] } } },
      'a keyword over two lines',
      'categories.deployment.keywords[0]',
    ],
    [
      { categories: { deployment: { keywords: ['x'.repeat(101)] } } },
      'a keyword too long',
      'categories.deployment.keywords[0]',
    ],
    [
      { categories: { deployment: { keywords: [{ phrase: 'x', confidence: -1 }] } } },
      'a weighted keyword below 0',
      'categories.deployment.keywords[0].confidence',
    ],
    [
      { categories: { deployment: { keywords: [42] } } },
      'a keyword that is a number',
      'categories.deployment.keywords[0]',
    ],
    [
      { categories: { deployment: { replaceKeywords: 'yes' } } },
      'replaceKeywords not a boolean',
      'categories.deployment.replaceKeywords',
    ],
    [
      { categories: { deployment: { clearContext: [''] } } },
      'a blank context word',
      'categories.deployment.clearContext[0]',
    ],
    [
      { categories: { '': { baseConfidence: 50, keywords: ['x'] } } },
      'an empty category name',
      'categories.',
    ],
    [{ failureIndicators: ['x'] }, 'failure indicators as a list', 'failureIndicators'],
    [{ failureIndicators: { add: 'x' } }, 'failure indicators to add as a string', 'failureIndicators.add'],
    [{ failureIndicators: { drop: ['x'] } }, 'an unknown failure indicator key', 'failureIndicators.drop'],
    [{ readOnlyCommands: ['git log'] }, 'read-only commands as a list', 'readOnlyCommands'],
    [{ readOnlyCommands: { add: [''] } }, 'a blank read-only command', 'readOnlyCommands.add[0]'],
    [{ scanWindow: { headChars: -1 } }, 'a negative window', 'scanWindow.headChars'],
    [{ scanWindow: { tailChars: 1.5 } }, 'a fractional window', 'scanWindow.tailChars'],
    [{ recognisers: [{ name: 'x' }] }, 'a recogniser without recognise()', 'recognisers'],
  ])('reports %j (%s) at %s', (value, _problem, field) => {
    expect(fieldsOf(value)).toContain(field);
  });

  it('says how to fix each problem', () => {
    const [issue] = validateKeywordDetectorOptions({ categories: { x: { keywords: ['a'] } } });
    expect(issue).toEqual({
      field: 'categories.x.baseConfidence',
      problem: 'is required for a new category',
      hint: 'give a number from 0 to 100, e.g. 85',
    });
  });
});

describe('resolveOptions', () => {
  it('gives the defaults without options', () => {
    const resolved = resolveOptions(undefined);
    expect(resolved.categories.map((category) => [category.name, category.baseConfidence])).toEqual([
      ['commit-related', 95],
      ['deployment', 90],
      ['test-success', 88],
      ['bug-fixed', 85],
      ['build-success', 90],
      ['file-created', 75],
    ]);
    expect(resolved.failureIndicators).toEqual(DEFAULT_FAILURE_INDICATORS);
    expect(resolved.scanWindow).toEqual(DEFAULT_SCAN_WINDOW);
  });

  it('adds keywords to a built-in category and keeps its base', () => {
    const resolved = resolveOptions({ categories: { deployment: { keywords: [' shipped '] } } });
    const deployment = resolved.categories.find((category) => category.name === 'deployment');
    expect(deployment?.baseConfidence).toBe(90);
    expect(deployment?.keywords.at(-1)).toBe('shipped');
    expect(deployment?.keywords).toContain('deployed');
  });

  it('removes failure indicators without regard to case', () => {
    expect(resolveOptions({ failureIndicators: { remove: ['ERROR'] } }).failureIndicators).not.toContain(
      'error',
    );
  });

  it('throws one error naming every problem', () => {
    expect(() => resolveOptions({ scanWindow: { headChars: -1, tailChars: -1 } } as never)).toThrow(
      new KeywordDetectorOptionsError([
        { field: 'scanWindow.headChars', problem: 'x', hint: 'x' },
        { field: 'scanWindow.tailChars', problem: 'x', hint: 'x' },
      ]).message.replace(/: x/g, ': must be a whole number of characters >= 0 (or Infinity)'),
    );
  });
});
