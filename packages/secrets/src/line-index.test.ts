import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index';

describe('LineIndex', () => {
  it('maps offsets to 0-based lines and gives each line without its newline', () => {
    const lines = new LineIndex('ab\ncd\n\nef');
    expect([0, 2, 3, 6, 7, 8].map((offset) => lines.lineOf(offset))).toEqual([0, 0, 1, 2, 3, 3]);
    expect(lines.startOf(3)).toBe(7);
    expect([0, 1, 2, 3].map((line) => lines.lineText(line))).toEqual(['ab', 'cd', '', 'ef']);
    expect(lines.lineText(4)).toBeUndefined();
  });
});
