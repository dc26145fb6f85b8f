import { describe, expect, it } from 'vitest';
import { LONE_SURROGATE_MARKER, NUL_MARKER, storableText } from './storable-text';

describe('storableText', () => {
  it.each([
    ['a NUL byte', 'a\u0000b', `a${NUL_MARKER}b`],
    ['a lone high surrogate', 'x\ud800y', `x${LONE_SURROGATE_MARKER}y`],
    ['a lone low surrogate at the start', '\udc00z', `${LONE_SURROGATE_MARKER}z`],
    ['a high surrogate at the end', 'end\ud83d', `end${LONE_SURROGATE_MARKER}`],
    ['reversed halves', '\ude00\ud83d', `${LONE_SURROGATE_MARKER}${LONE_SURROGATE_MARKER}`],
  ])('marks %s visibly', (_label, input, expected) => {
    expect(storableText(input)).toBe(expected);
  });

  it('keeps valid text, emoji pairs included, as the same string', () => {
    const text = 'ok 😀 ✓ 漢字';
    expect(storableText(text)).toBe(text);
  });
});
