/**
 * Finds whole-word occurrences of many phrases in one left-to-right pass of one regex.
 * "passed" is not found in "bypassed", "error" not in "errorHandler", "console.error" or
 * "src/error.ts"; a trailing plural `s` is allowed ("3 errors"), and a space in a phrase
 * matches any run of spaces or tabs. Every alternative is a literal, so the regex cannot
 * backtrack catastrophically: the cost is linear in the text.
 */
export interface PhraseMatch {
  /** Index of the phrase in the list the matcher was built from. */
  phraseIndex: number;
  index: number;
  /** The text as it appears in the output. */
  text: string;
}

export interface PhraseMatcher {
  readonly phrases: readonly string[];
  findAll(text: string): PhraseMatch[];
}

// Characters that make a neighbouring letter part of a longer token: identifiers,
// paths, file names, package names and flags. Letters are ASCII and Latin with diacritics:
// Unicode property classes (\p{L}) under the `u` flag cost ~10 ms to compile, paid by
// every hook process. The character before a match is checked in code rather than by a
// lookbehind, which the regex engine would evaluate at every position of the text.
const WORD_CHARACTER = 'A-Za-z0-9_\\u00C0-\\u024F';
const TOKEN_CHARACTER_BEFORE = /[A-Za-z0-9_\u00C0-\u024F./\\@-]/;
const NOT_BEFORE_TOKEN = `(?![${WORD_CHARACTER}/\\\\]|[.-][${WORD_CHARACTER}])`;

// Compiling one alternation of every phrase costs milliseconds, paid again by every hook
// process. So the phrases whose first word is not in the text are dropped with a cheap
// `includes` first, and the regex is built from the few that remain (kept for reuse).
const MAX_CACHED_PATTERNS = 64;

export function createPhraseMatcher(phrases: readonly string[]): PhraseMatcher {
  const byNormalForm = new Map<string, number>();
  phrases.forEach((phrase, phraseIndex) => {
    const key = normalForm(phrase);
    if (!byNormalForm.has(key)) byNormalForm.set(key, phraseIndex);
  });
  // Longest first, so that at one position "all tests passed" wins over "all".
  const candidates = [...byNormalForm.keys()]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => ({ phrase, firstWord: phrase.split(' ')[0] as string }));
  const patterns = new Map<string, RegExp>();

  const patternFor = (present: readonly string[]): RegExp => {
    const key = present.join('\n');
    let pattern = patterns.get(key);
    if (pattern === undefined) {
      const alternatives = present.map((phrase) => escapeRegExp(phrase).replace(/ /g, '[ \\t]+'));
      pattern = new RegExp(`(?:${alternatives.join('|')})s?${NOT_BEFORE_TOKEN}`, 'gi');
      if (patterns.size >= MAX_CACHED_PATTERNS) patterns.clear();
      patterns.set(key, pattern);
    }
    return pattern;
  };

  const phraseIndexOf = (matched: string): number | undefined => {
    const key = normalForm(matched);
    return byNormalForm.get(key) ?? (key.endsWith('s') ? byNormalForm.get(key.slice(0, -1)) : undefined);
  };

  return {
    phrases,
    findAll(text) {
      const lowerText = text.toLowerCase();
      const present = candidates
        .filter(({ firstWord }) => lowerText.includes(firstWord))
        .map(({ phrase }) => phrase);
      if (present.length === 0) return [];
      const matches: PhraseMatch[] = [];
      for (const match of text.matchAll(patternFor(present))) {
        if (match.index > 0 && TOKEN_CHARACTER_BEFORE.test(text[match.index - 1] as string)) continue;
        const phraseIndex = phraseIndexOf(match[0]);
        if (phraseIndex !== undefined) matches.push({ phraseIndex, index: match.index, text: match[0] });
      }
      return matches;
    },
  };
}

function normalForm(phrase: string): string {
  return phrase
    .trim()
    .toLowerCase()
    .replace(/[ \t]+/g, ' ');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
