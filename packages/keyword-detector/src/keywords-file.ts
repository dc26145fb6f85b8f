// node:fs and node:path only: every hook process loads this package (test/no-runtime-dependencies.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateJsonSyntaxError } from './json-syntax-error';
import {
  type KeywordDetectorOptions,
  KeywordDetectorOptionsError,
  validateKeywordDetectorOptions,
} from './options';

/** A project's own keywords and categories, beside its `tier1.n8n.json`. */
export const KEYWORDS_FILE = 'tier1.keywords.json';

/**
 * Reads `<projectDir>/tier1.keywords.json`: KeywordDetectorOptions as JSON, without `recognisers`
 * (they are code). Undefined when there is no such file, so a project without one costs one
 * `existsSync`. A file that cannot be read, is not JSON or holds invalid options throws a
 * KeywordDetectorOptionsError naming the file, the field (or line and column) and the fix.
 */
export function loadKeywordDetectorOptions(projectDir: string): KeywordDetectorOptions | undefined {
  const path = join(projectDir, KEYWORDS_FILE);
  if (!existsSync(path)) return undefined;
  const invalid = (field: string, problem: string, hint: string) =>
    new KeywordDetectorOptionsError([{ field, problem, hint }], path);
  let text: string;
  try {
    // An editor's byte order mark is not part of the JSON.
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw invalid(
      'file',
      `cannot be read (${(error as Error).message})`,
      `make ${KEYWORDS_FILE} a readable file`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const { line, column, description } = locateJsonSyntaxError(text, error as Error);
    throw invalid(
      `line ${line}, column ${column}`,
      `is not valid JSON (${description})`,
      `correct the JSON in ${KEYWORDS_FILE}`,
    );
  }
  const issues = validateKeywordDetectorOptions(value, 'json');
  if (issues.length > 0) throw new KeywordDetectorOptionsError(issues, path);
  return value as KeywordDetectorOptions;
}
