import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './json-syntax-error';

function locate(text: string) {
  try {
    JSON.parse(text);
  } catch (error) {
    return locateJsonSyntaxError(text, error as Error);
  }
  throw new Error(`${JSON.stringify(text)} is valid JSON`);
}

describe('locateJsonSyntaxError', () => {
  it.each([
    // V8 quotes the text for these and gives no position.
    ['{"a": }', 1, 7, "unexpected token '}'"],
    ['[1,]', 1, 4, "unexpected token ']'"],
    ['{"a": tru}', 1, 10, "unexpected token '}'"],
    // V8 gives the position for these; it must agree.
    ['{"a": 1,}', 1, 9, 'expected double-quoted property name'],
    ['{a: 1}', 1, 2, "expected property name or '}'"],
    ['{"a": 1} x', 1, 10, 'unexpected non-whitespace character after JSON'],
    ['{"a": "\\q"}', 1, 9, 'bad escaped character'],
    ['{"a" 1}', 1, 6, "expected ':' after property name"],
    // Cut short: the position is the end.
    ['', 1, 1, 'unexpected end of JSON input'],
    ['{"a": 1', 1, 8, "expected ',' or '}' after property value"],
    ['{"a": "abc', 1, 11, 'unterminated string'],
  ])('%j: line %i, column %i, %s', (text, line, column, description) => {
    expect(locate(text)).toEqual({ line, column, description });
  });

  it('counts lines and columns in a file of several lines, and quotes none of it', () => {
    const text = '{\n  "categories": {\n    "x": { "keywords": ["a",] }\n  }\n}\n';
    const problem = locate(text);
    expect(problem).toEqual({ line: 3, column: 29, description: "unexpected token ']'" });
    expect(text.split('\n')[2]?.[28]).toBe(']');
    expect(problem.description).not.toContain('\n');
  });

  it('says where a long file goes wrong, not only that it does', () => {
    const entries = Array.from({ length: 2000 }, (_, index) => `"k${index}": ${index}`);
    const text = `{\n${entries.slice(0, 1500).join(',\n')},\n"bad": ,\n${entries.slice(1500).join(',\n')}\n}`;
    expect(locate(text)).toMatchObject({ line: 1502, column: 8 });
  });
});
