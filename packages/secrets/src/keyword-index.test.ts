import { describe, expect, it } from 'vitest';
import { KeywordIndex } from './keyword-index';

describe('KeywordIndex', () => {
  it('finds every occurrence of every keyword in one pass, case-insensitively, overlaps included', () => {
    const index = new KeywordIndex(['key', 'api_key', 'sk', 'sk-ant-', '://']);
    const { starts } = index.find('API_KEY=1; Sk-Ant-x; postgres://h; monkey');
    expect(Object.fromEntries(starts)).toEqual({
      api_key: [0],
      key: [4, 38],
      sk: [11],
      'sk-ant-': [11],
      '://': [29],
    });
  });

  it('finds the same in a long text (the automaton) as in a short one (a search per keyword)', () => {
    const index = new KeywordIndex(['key', 'api_key', 'sk', 'sk-ant-', '://']);
    const short = 'API_KEY=1; Sk-Ant-x; postgres://h; monkey';
    const padding = ' '.repeat(10_000);
    const { starts } = index.find(`${padding}${short}`);
    const expected = index.find(short).starts;
    expect([...starts.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [keyword, offsets] of expected)
      expect(starts.get(keyword)).toEqual(offsets.map((offset) => offset + padding.length));
  });

  it('finds nothing in a text without its keywords, and handles characters outside its alphabet', () => {
    expect(new KeywordIndex(['ghp_']).find('héllo wörld 😀 gh_p').starts.size).toBe(0);
  });
});
