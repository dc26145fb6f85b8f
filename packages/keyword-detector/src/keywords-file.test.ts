import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeywordDetector } from './keyword-detector';
import { KEYWORDS_FILE, loadKeywordDetectorOptions } from './keywords-file';
import { KeywordDetectorOptionsError } from './options';

let project: string;
let path: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'tier1-keywords-file-'));
  path = join(project, KEYWORDS_FILE);
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

const migration = { migration: { baseConfidence: 85, keywords: ['migrated'], clearContext: ['migrate'] } };

function errorFor(content: string): KeywordDetectorOptionsError {
  writeFileSync(path, content);
  try {
    loadKeywordDetectorOptions(project);
  } catch (error) {
    if (error instanceof KeywordDetectorOptionsError) return error;
    throw error;
  }
  throw new Error(`${content} was accepted`);
}

describe('loadKeywordDetectorOptions', () => {
  it('gives undefined without a file, and the detector keeps its defaults', () => {
    const options = loadKeywordDetectorOptions(project);
    expect(options).toBeUndefined();
    expect(new KeywordDetector(options).detect('migrated 3 tables').category).toBeNull();
  });

  it("adds the project's category: its keyword is detected with the category's base confidence", () => {
    writeFileSync(path, JSON.stringify({ categories: migration }, null, 2));
    const detector = new KeywordDetector(loadKeywordDetectorOptions(project));
    expect(detector.detect('migrated 3 tables')).toMatchObject({
      keywordFound: 'migrated',
      category: 'migration',
      confidence: 85,
      decision: 'completed',
    });
    expect(detector.detect('migrated 3 tables', { command: 'pnpm db:migrate' }).confidence).toBe(90);
    expect(detector.detect('[main 1a2b3c4] fix: login').category).toBe('commit-related');
  });

  it('reads every JSON option, and a file an editor saved with a byte order mark', () => {
    const options = {
      categories: { ...migration, deployment: { keywords: ['shipped'] } },
      failureIndicators: { add: ['rolled back'], remove: ['404'] },
      readOnlyCommands: { add: ['kubectl get'] },
      scanWindow: { headChars: 1024, tailChars: 8192 },
    };
    writeFileSync(path, `\uFEFF${JSON.stringify(options)}`);
    expect(loadKeywordDetectorOptions(project)).toEqual(options);
  });

  it('names the file, the misspelt key and the keys a file may have', () => {
    const error = errorFor('{ "categorie": {} }');
    expect(error).toMatchObject({
      code: 'INVALID_KEYWORD_DETECTOR_OPTIONS',
      file: path,
      issues: [
        {
          field: 'options.categorie',
          problem: 'is not a known option',
          hint: 'known options: categories, failureIndicators, readOnlyCommands, scanWindow',
        },
      ],
    });
    expect(error.message).toBe(
      `invalid keyword detector options in ${path}: options.categorie: is not a known option`,
    );
  });

  it('names a value of the wrong type and how to fix it', () => {
    const error = errorFor(
      JSON.stringify({ categories: { migration: { baseConfidence: '85', keywords: ['migrated'] } } }),
    );
    expect(error.issues).toEqual([
      {
        field: 'categories.migration.baseConfidence',
        problem: 'must be a number from 0 to 100',
        hint: 'e.g. 85',
      },
    ]);
    expect(error.message).toContain(path);
  });

  it('names every problem of a file at once', () => {
    const error = errorFor(JSON.stringify({ categories: { x: {} }, scanWindow: { headChars: -1 } }));
    expect(error.issues.map((issue) => issue.field)).toEqual([
      'categories.x.baseConfidence',
      'categories.x.keywords',
      'scanWindow.headChars',
    ]);
  });

  it('gives the line and column of bad JSON, without quoting the file', () => {
    const error = errorFor('{\n  "categories": {\n    "migration": { "keywords": ["migrated",] }\n  }\n}\n');
    expect(error.issues).toEqual([
      {
        field: 'line 3, column 44',
        problem: "is not valid JSON (unexpected token ']')",
        hint: 'correct the JSON in tier1.keywords.json',
      },
    ]);
    expect(error.message).toBe(
      `invalid keyword detector options in ${path}: line 3, column 44: is not valid JSON (unexpected token ']')`,
    );
  });

  it('refuses an empty file as JSON cut short', () => {
    expect(errorFor('').issues[0]).toMatchObject({
      field: 'line 1, column 1',
      problem: 'is not valid JSON (unexpected end of JSON input)',
    });
  });

  it('refuses recognisers: they are code, and says where they go instead', () => {
    const error = errorFor(JSON.stringify({ recognisers: [{ name: 'mine', category: 'migration' }] }));
    expect(error.issues).toEqual([
      {
        field: 'recognisers',
        problem: 'cannot be given in JSON: a recogniser is code',
        hint: 'remove it from the file and pass recognisers to new KeywordDetector({ recognisers }) in code',
      },
    ]);
  });

  it('refuses JSON that is not an object', () => {
    expect(errorFor('["migrated"]').issues).toEqual([
      {
        field: 'options',
        problem: 'must be an object',
        hint: 'pass { categories?, failureIndicators?, readOnlyCommands?, scanWindow? }',
      },
    ]);
  });

  it('says so when the file cannot be read', () => {
    mkdirSync(path);
    expect(() => loadKeywordDetectorOptions(project)).toThrow(
      expect.objectContaining({
        file: path,
        issues: [
          expect.objectContaining({ field: 'file', hint: 'make tier1.keywords.json a readable file' }),
        ],
      }),
    );
  });
});
