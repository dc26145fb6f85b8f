/** Where a text holds the keywords of an index: each keyword found, and where each occurrence starts. */
export interface KeywordHits {
  /** Keyword → start offsets of its occurrences, in text order. */
  readonly starts: ReadonlyMap<string, readonly number[]>;
}

const NO_SYMBOL = -1;

/**
 * Finds lower-case keywords in a text, case-insensitively, as gitleaks does for its rule keywords:
 * for a long text with an Aho–Corasick automaton, one pass for every keyword without lower-casing
 * the text (a dense state × symbol table, one lookup per character; characters no keyword holds
 * send it back to the root).
 */
export class KeywordIndex {
  readonly #keywords: readonly string[];
  #automaton: Automaton | undefined;

  constructor(keywords: readonly string[]) {
    this.#keywords = [...new Set(keywords.filter((keyword) => keyword !== ''))];
  }

  /** Every occurrence of every keyword in `text`, in one pass. */
  find(text: string): KeywordHits {
    // Building the automaton costs a fresh process a few milliseconds; the hook sanitises only
    // short strings, where a search per keyword in the lower-cased text is cheaper.
    if (text.length < SHORT_TEXT) return this.#findEach(text);
    this.#automaton ??= new Automaton(this.#keywords);
    return this.#automaton.find(text);
  }

  #findEach(text: string): KeywordHits {
    const lower = text.toLowerCase();
    const starts = new Map<string, number[]>();
    for (const keyword of this.#keywords) {
      // toLowerCase keeps the length of all but a few characters (İ); a shifted offset only moves a
      // sticky match's first try, and the whole-text rules ignore offsets.
      for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) {
        const list = starts.get(keyword);
        if (list) list.push(at);
        else starts.set(keyword, [at]);
      }
    }
    return { starts };
  }
}

/** Texts shorter than this are searched keyword by keyword (see KeywordIndex.find). */
const SHORT_TEXT = 8192;

class Automaton {
  readonly #keywords: readonly string[];
  readonly #symbols = new Int16Array(65_536).fill(NO_SYMBOL);
  readonly #alphabetSize: number;
  readonly #next: Int32Array;
  /** Per state, the keywords (indices) that end there, through failure links included. */
  readonly #outputs: (number[] | undefined)[];
  /** 1 where a state has outputs: the pass tests a byte, not a sparse array, per character. */
  readonly #hasOutput: Uint8Array;

  constructor(keywords: readonly string[]) {
    this.#keywords = keywords;
    let size = 0;
    for (const keyword of this.#keywords) {
      for (const char of keyword) {
        const code = char.charCodeAt(0);
        if (this.#symbols[code] !== NO_SYMBOL) continue;
        this.#symbols[code] = size;
        // Keywords are lower case; the upper-case letter is the same symbol.
        const upper = char.toUpperCase();
        if (upper !== char && upper.length === 1) this.#symbols[upper.charCodeAt(0)] = size;
        size += 1;
      }
    }
    this.#alphabetSize = Math.max(size, 1);
    const { next, outputs } = this.#build();
    this.#next = next;
    this.#outputs = outputs;
    this.#hasOutput = Uint8Array.from(outputs, (found) => (found ? 1 : 0));
  }

  #build(): { next: Int32Array; outputs: (number[] | undefined)[] } {
    const width = this.#alphabetSize;
    const trie: number[][] = [new Array(width).fill(-1)];
    const outputs: (number[] | undefined)[] = [undefined];
    this.#keywords.forEach((keyword, index) => {
      let state = 0;
      for (let position = 0; position < keyword.length; position += 1) {
        const symbol = this.#symbols[keyword.charCodeAt(position)] as number;
        const row = trie[state] as number[];
        if (row[symbol] === -1) {
          row[symbol] = trie.length;
          trie.push(new Array(width).fill(-1));
          outputs.push(undefined);
        }
        state = row[symbol] as number;
      }
      outputs[state] = [...(outputs[state] ?? []), index];
    });
    // Breadth first: each state's missing transitions are its failure state's, so the table is a DFA.
    const next = new Int32Array(trie.length * width);
    const failure = new Int32Array(trie.length);
    const queue: number[] = [];
    for (let symbol = 0; symbol < width; symbol += 1) {
      const child = (trie[0] as number[])[symbol] as number;
      next[symbol] = child === -1 ? 0 : child;
      if (child !== -1) queue.push(child);
    }
    for (let head = 0; head < queue.length; head += 1) {
      const state = queue[head] as number;
      const fallback = failure[state] as number;
      const inherited = outputs[fallback];
      if (inherited) outputs[state] = [...(outputs[state] ?? []), ...inherited];
      for (let symbol = 0; symbol < width; symbol += 1) {
        const child = (trie[state] as number[])[symbol] as number;
        const viaFailure = next[fallback * width + symbol] as number;
        if (child === -1) next[state * width + symbol] = viaFailure;
        else {
          next[state * width + symbol] = child;
          failure[child] = viaFailure;
          queue.push(child);
        }
      }
    }
    return { next, outputs };
  }

  /** Every occurrence of every keyword in `text`, in one pass. */
  find(text: string): KeywordHits {
    const starts = new Map<string, number[]>();
    const symbols = this.#symbols;
    const next = this.#next;
    const hasOutput = this.#hasOutput;
    const width = this.#alphabetSize;
    const length = text.length;
    let state = 0;
    for (let position = 0; position < length; position += 1) {
      const symbol = symbols[text.charCodeAt(position)] as number;
      state = symbol === NO_SYMBOL ? 0 : (next[state * width + symbol] as number);
      if (hasOutput[state] === 0) continue;
      for (const index of this.#outputs[state] as number[]) {
        const keyword = this.#keywords[index] as string;
        const list = starts.get(keyword);
        const start = position - keyword.length + 1;
        if (list) list.push(start);
        else starts.set(keyword, [start]);
      }
    }
    return { starts };
  }
}
