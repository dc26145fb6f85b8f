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

  it('switches to the automaton once it has searched its budget keyword by keyword, finding the same', () => {
    const keywords = ['key', 'api_key', 'sk', 'sk-ant-', '://'];
    const texts = ['API_KEY=1; Sk-Ant-x; postgres://h; monkey', 'no keyword here', 'sk sk sk', 'ÿkeyÿ://'];
    const each = new KeywordIndex(keywords, { automatonAfterChars: Number.POSITIVE_INFINITY });
    const switching = new KeywordIndex(keywords, { automatonAfterChars: 20 });
    for (const text of [...texts, ...texts]) {
      const expected = each.find(text).starts;
      const found = switching.find(text).starts;
      expect(Object.fromEntries(found), text).toEqual(Object.fromEntries(expected));
    }
  });

  it('finds nothing in a text without its keywords, and handles characters outside its alphabet', () => {
    expect(new KeywordIndex(['ghp_']).find('héllo wörld 😀 gh_p').starts.size).toBe(0);
  });

  it('walks a long text in two halves without losing or doubling an occurrence at the seam', () => {
    const keywords = ['key', 'api_key', 'sk', 'sk-ant-', '://', '-----begin', 'hooks.slack.com'];
    const index = new KeywordIndex(keywords);
    const occurrences = (text: string, keyword: string) => {
      const offsets: number[] = [];
      const lower = text.toLowerCase();
      for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) offsets.push(at);
      return offsets;
    };
    for (const length of [4096, 4097, 9001]) {
      const middle = length >> 1;
      for (const keyword of keywords) {
        // The keyword at every offset across the middle, and one at each end.
        for (let cut = 0; cut <= keyword.length; cut += 1) {
          const filler = Array.from({ length }, (_, at) => 'xyzw .'[at % 6] as string);
          filler.splice(middle - cut, keyword.length, ...keyword.toUpperCase());
          filler.splice(0, 3, ...'Key');
          filler.splice(length - 2, 2, ...'sK');
          const text = filler.join('');
          const { starts } = index.findInAscii(Buffer.from(text, 'latin1'));
          for (const expected of keywords)
            expect(starts.get(expected) ?? [], `${expected} in ${length}, cut ${cut}`).toEqual(
              occurrences(text, expected),
            );
          expect(index.find(text).starts).toEqual(starts);
        }
      }
    }
  });

  it('keeps the offsets after characters that lower-case to two (İ), which a short text searched keyword by keyword would shift', () => {
    const text = `${'İ'.repeat(20)} api_key=1`;
    expect(new KeywordIndex(['key']).find(text).starts.get('key')).toEqual([text.indexOf('key')]);
  });

  it('finds a keyword outside ASCII (a project rule) in a long text, by presence', () => {
    const index = new KeywordIndex(['clé', 'key']);
    const { starts } = index.find(`${'-'.repeat(9000)} la clé: KEY`);
    expect([...starts.keys()].sort()).toEqual(['clé', 'key']);
    expect(index.findInAscii(Buffer.from('ascii key only')).starts.has('clé')).toBe(false);
  });
});
