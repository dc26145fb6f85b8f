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
// paths, file names, package names and flags.
const NOT_AFTER_TOKEN = '(?<![\\p{L}\\p{N}_./\\\\@-])';
const NOT_BEFORE_TOKEN = '(?![\\p{L}\\p{N}_/\\\\]|[.-][\\p{L}\\p{N}])';

export function createPhraseMatcher(phrases: readonly string[]): PhraseMatcher {
  const byNormalForm = new Map<string, number>();
  phrases.forEach((phrase, phraseIndex) => {
    const key = normalForm(phrase);
    if (!byNormalForm.has(key)) byNormalForm.set(key, phraseIndex);
  });
  const alternatives = [...byNormalForm.keys()]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => escapeRegExp(phrase).replace(/ /g, '[ \\t]+'));
  const pattern =
    alternatives.length === 0
      ? null
      : new RegExp(`${NOT_AFTER_TOKEN}(?:${alternatives.join('|')})s?${NOT_BEFORE_TOKEN}`, 'giu');

  const phraseIndexOf = (matched: string): number | undefined => {
    const key = normalForm(matched);
    return byNormalForm.get(key) ?? (key.endsWith('s') ? byNormalForm.get(key.slice(0, -1)) : undefined);
  };

  return {
    phrases,
    findAll(text) {
      if (pattern === null) return [];
      const matches: PhraseMatch[] = [];
      for (const match of text.matchAll(pattern)) {
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
