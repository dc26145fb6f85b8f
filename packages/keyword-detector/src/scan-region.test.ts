import { describe, expect, it } from 'vitest';
import { lineAfter, lineBefore, SNIPPET_LIMIT, scanRegion, snippetAround } from './scan-region';

describe('scanRegion', () => {
  it('reads short output whole', () => {
    expect(scanRegion('a\nb', { headChars: 10, tailChars: 10 })).toEqual({ text: 'a\nb', omittedChars: 0 });
  });

  it('reads the head and the tail of long output and says how much it skipped', () => {
    const output = `HEAD${'x'.repeat(1000)}TAIL`;
    const region = scanRegion(output, { headChars: 4, tailChars: 4 });
    expect(region).toEqual({ text: 'HEAD\nTAIL', omittedChars: 1000 });
  });

  it('reads everything with an infinite window', () => {
    const output = 'y'.repeat(10_000);
    expect(scanRegion(output, { headChars: Infinity, tailChars: Infinity }).text).toBe(output);
  });

  it('strips colours and hyperlinks and normalises line ends', () => {
    const output = '\x1b[32m✓\x1b[39m done\r\n\x1b]8;;https://x.dev\x07link\x1b]8;;\x07\rprogress 100%';
    expect(scanRegion(output, { headChars: 100, tailChars: 100 }).text).toBe('✓ done\nlink\nprogress 100%');
  });
});

describe('scanRegion: monorepo task prefixes', () => {
  const read = (output: string) => scanRegion(output, { headChars: 1000, tailChars: 1000 }).text;

  it('removes turbo and pnpm -r line prefixes', () => {
    expect(read('@tier1/events:test:  Test Files  2 passed (2)\nweb:build: ✓ built in 1.2s')).toBe(
      ' Test Files  2 passed (2)\n✓ built in 1.2s',
    );
    expect(read('packages/events test:       Tests  12 passed (12)')).toBe('      Tests  12 passed (12)');
  });

  it.each([
    ['Tests:       1 failed, 12 passed, 13 total'],
    ['Error: expected rejection'],
    ["src/a.ts:3:7 - error TS2322: Type 'string'"],
    ['tests/test_api.py::test_get_user PASSED'],
    ['https://example.com/x: ok'],
    ['Start at  10:00:00'],
    ['error: could not compile `calc`'],
  ])('keeps %s as it is', (line) => {
    expect(read(line)).toBe(line);
  });
});

describe('snippetAround', () => {
  it('gives the trimmed line of the match', () => {
    const text = 'first\n   Tests  3 passed (3)   \nlast';
    expect(snippetAround(text, text.indexOf('3 passed'), 8)).toBe('Tests  3 passed (3)');
  });

  it('cuts a long line to the limit, keeping the match inside', () => {
    const text = `${'a'.repeat(5000)} committed ${'b'.repeat(5000)}`;
    const snippet = snippetAround(text, text.indexOf('committed'), 'committed'.length);
    expect(snippet.length).toBe(SNIPPET_LIMIT);
    expect(snippet).toContain('committed');
  });

  it('keeps the start of a long line when the match is near it', () => {
    const text = `committed ${'b'.repeat(5000)}`;
    expect(snippetAround(text, 0, 9).startsWith('committed')).toBe(true);
  });
});

describe('lineBefore and lineAfter', () => {
  it('stay on the same line and within the length', () => {
    const text = 'one\ntwo three four\nfive';
    const index = text.indexOf('three');
    expect(lineBefore(text, index, 100)).toBe('two ');
    expect(lineBefore(text, index, 2)).toBe('o ');
    expect(lineAfter(text, index, 100)).toBe('three four');
    expect(lineAfter(text, index, 5)).toBe('three');
  });
});
