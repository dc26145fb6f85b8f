/** Where a text holds the keywords of an index: each keyword found, and where each occurrence starts. */
export interface KeywordHits {
  /** Keyword → start offsets of its occurrences, in text order. */
  readonly starts: ReadonlyMap<string, readonly number[]>;
}

/** Texts shorter than this are searched keyword by keyword (see KeywordIndex.find)… */
const SHORT_TEXT = 8192;
/** …until this many characters have been searched so: then the process is sanitising in bulk. */
const AUTOMATON_AFTER_CHARS = 256 * 1024;
/** Bytes from which the automaton walks two halves at once (see Automaton.find). */
const TWO_WALKS_FROM = 4096;

function addStart(starts: Map<string, number[]>, keyword: string, start: number): void {
  const list = starts.get(keyword);
  if (list) list.push(start);
  else starts.set(keyword, [start]);
}

/** One UTF-8 byte per character. */
const isAsciiText = (text: string): boolean => Buffer.byteLength(text) === text.length;

/**
 * Finds lower-case keywords in a text, case-insensitively, as gitleaks does for its rule keywords:
 * for a long text or a file's bytes with an Aho–Corasick automaton, one pass for every (ASCII)
 * keyword without lower-casing the text.
 */
export class KeywordIndex {
  readonly #keywords: readonly string[];
  /** Keywords with a character outside ASCII (a project's own rules only): searched one by one. */
  readonly #wideKeywords: readonly string[];
  #automaton: Automaton | undefined;
  readonly #automatonAfterChars: number;
  /** Characters searched keyword by keyword so far. */
  #searchedEach = 0;

  constructor(keywords: readonly string[], options: { automatonAfterChars?: number } = {}) {
    this.#keywords = [...new Set(keywords.filter((keyword) => keyword !== ''))];
    this.#wideKeywords = this.#keywords.filter((keyword) => !isAsciiText(keyword));
    this.#automatonAfterChars = options.automatonAfterChars ?? AUTOMATON_AFTER_CHARS;
  }

  /** Every occurrence of every keyword in `text`. */
  find(text: string): KeywordHits {
    // Building the automaton costs a fresh process a few milliseconds; a hook sanitises a few
    // short strings, where a search per keyword in the lower-cased text is cheaper. A process
    // that sanitises events in bulk (storeEvents, a drain) soon passes the budget, and from then
    // on one walk of each string beats a search per keyword (about 150 of them). Lower-casing a
    // few characters (İ) lengthens the text and would shift every offset after them, and a
    // windowed rule tried at a shifted offset can miss its match: such a text takes the automaton.
    if (text.length < SHORT_TEXT && this.#searchedEach < this.#automatonAfterChars) {
      const lower = text.toLowerCase();
      if (lower.length === text.length) {
        this.#searchedEach += text.length;
        return findEach(lower, this.#keywords);
      }
    }
    return this.findInText(text);
  }

  /** Every occurrence of every keyword in `text`, with the automaton whatever the text's length (a file's). */
  findInText(text: string): KeywordHits {
    // One byte per UTF-16 unit keeps the offsets; a character above U+00FF becomes its low byte,
    // which can only add a spurious occurrence (its rule's regex then finds nothing), never hide one.
    const hits = this.findInAscii(Buffer.from(text, 'latin1'));
    if (this.#wideKeywords.length === 0) return hits;
    // Only whether they occur matters: a project's own rules run over the whole text.
    return { starts: new Map([...hits.starts, ...findEach(text.toLowerCase(), this.#wideKeywords).starts]) };
  }

  /**
   * Every occurrence of every keyword in ASCII bytes (a file's, `isAscii`), in one pass: offsets
   * in bytes are offsets in the text. No keyword with a character outside ASCII can be there.
   */
  findInAscii(bytes: Uint8Array): KeywordHits {
    this.#automaton ??= new Automaton(this.#keywords.filter(isAsciiText));
    return this.#automaton.find(bytes);
  }
}

/** Every occurrence of each keyword in a lower-cased text, one search per keyword. */
function findEach(lower: string, keywords: readonly string[]): KeywordHits {
  const starts = new Map<string, number[]>();
  for (const keyword of keywords) {
    for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1))
      addStart(starts, keyword, at);
  }
  return { starts };
}

/**
 * A dense DFA for ASCII keywords, built over byte classes (bytes no keyword holds share class 0)
 * and then spread to one row of 256 entries per state, indexed by the byte itself: a load per byte
 * fewer than looking up its class first (about a third faster; the rows walked most, the root's
 * and the shallow states', stay in the cache). Each entry is the next state's row offset,
 * bitwise-inverted (negative) when a keyword ends in that state: one lookup and one sign test per
 * byte, which is what bounds the secret scan's throughput
 * (packages/production-checker/bench/git-secrets.mjs).
 */
class Automaton {
  readonly #keywords: readonly string[];
  readonly #classes = new Uint8Array(256);
  readonly #width: number;
  /** The longest keyword's length: how early the second walk starts. */
  readonly #longest: number;
  /** Row offset of a state + byte → the next state's row offset (inverted where a keyword ends). */
  readonly #next: Int32Array;
  /** Per row offset of a state with outputs, the keywords (indices) that end there, failure links included. */
  readonly #outputs = new Map<number, readonly number[]>();

  constructor(keywords: readonly string[]) {
    this.#keywords = keywords;
    let size = 1;
    for (const char of new Set(keywords.join(''))) {
      // Keywords are lower-case ASCII; the upper-case letter is the same class.
      this.#classes[char.charCodeAt(0)] = size;
      this.#classes[char.toUpperCase().charCodeAt(0)] = size;
      size += 1;
    }
    this.#width = size;
    this.#longest = Math.max(0, ...keywords.map((keyword) => keyword.length));
    this.#next = this.#build();
  }

  #trie(): { children: Int32Array[]; outputs: (number[] | undefined)[] } {
    const children = [new Int32Array(this.#width).fill(-1)];
    const outputs: (number[] | undefined)[] = [undefined];
    this.#keywords.forEach((keyword, index) => {
      let state = 0;
      for (let position = 0; position < keyword.length; position += 1) {
        const row = children[state] as Int32Array;
        const symbol = this.#classes[keyword.charCodeAt(position)] as number;
        if (row[symbol] === -1) {
          row[symbol] = children.length;
          children.push(new Int32Array(this.#width).fill(-1));
          outputs.push(undefined);
        }
        state = row[symbol] as number;
      }
      outputs[state] = [...(outputs[state] ?? []), index];
    });
    return { children, outputs };
  }

  #build(): Int32Array {
    const width = this.#width;
    const { children, outputs } = this.#trie();
    // Breadth first: each state's missing transitions are its failure state's, so the table is a DFA.
    const next = new Int32Array(children.length * width);
    const failure = new Int32Array(children.length);
    const queue: number[] = [];
    for (let symbol = 1; symbol < width; symbol += 1) {
      const child = (children[0] as Int32Array)[symbol] as number;
      next[symbol] = child === -1 ? 0 : child;
      if (child !== -1) queue.push(child);
    }
    for (let head = 0; head < queue.length; head += 1) {
      const state = queue[head] as number;
      const fallback = failure[state] as number;
      const inherited = outputs[fallback];
      if (inherited) outputs[state] = [...(outputs[state] ?? []), ...inherited];
      for (let symbol = 1; symbol < width; symbol += 1) {
        const child = (children[state] as Int32Array)[symbol] as number;
        const viaFailure = next[fallback * width + symbol] as number;
        if (child === -1) next[state * width + symbol] = viaFailure;
        else {
          next[state * width + symbol] = child;
          failure[child] = viaFailure;
          queue.push(child);
        }
      }
    }
    outputs.forEach((found, state) => {
      if (found) this.#outputs.set(state * 256, found);
    });
    const byByte = new Int32Array(children.length * 256);
    for (let state = 0; state < children.length; state += 1) {
      for (let byte = 0; byte < 256; byte += 1) {
        const target = next[state * width + (this.#classes[byte] as number)] as number;
        byByte[state * 256 + byte] = outputs[target] ? ~(target * 256) : target * 256;
      }
    }
    return byByte;
  }

  /**
   * Every occurrence, in two walks of the bytes in one loop: a lookup waits for the one before it,
   * and a second walk, independent of the first, fills that wait (a third faster on a long file).
   * The second half's walk starts a longest keyword early, so its state is the true one by the
   * first byte it reports on.
   */
  find(bytes: Uint8Array): KeywordHits {
    const length = bytes.length;
    const middle = length < TWO_WALKS_FROM ? 0 : length >> 1;
    const next = this.#next;
    const firstEnds: number[] = [];
    const secondEnds: number[] = [];
    let second = walk(bytes, next, Math.max(0, middle - this.#longest), middle, 0, []);
    second = walkHalves(bytes, next, middle, second, firstEnds, secondEnds);
    walk(bytes, next, 2 * middle, length, second, secondEnds);
    const starts = new Map<string, number[]>();
    for (const ends of [firstEnds, secondEnds]) this.#addStarts(starts, ends);
    return { starts };
  }

  /** The keywords ending at each (position, row) pair, as start offsets. */
  #addStarts(starts: Map<string, number[]>, ends: readonly number[]): void {
    for (let pair = 0; pair < ends.length; pair += 2) {
      const end = ends[pair] as number;
      for (const index of this.#outputs.get(ends[pair + 1] as number) as readonly number[]) {
        const keyword = this.#keywords[index] as string;
        addStart(starts, keyword, end - keyword.length + 1);
      }
    }
  }
}

// The walks are plain functions of their arguments: V8 optimises such a loop on its first long
// file and keeps it, where a method reading private fields was deoptimised again and again.

/** Walks bytes [from, to) from `row`, pushing (position, row) where a keyword ends; returns the last row. */
function walk(
  bytes: Uint8Array,
  next: Int32Array,
  from: number,
  to: number,
  row: number,
  ends: number[],
): number {
  let state = row;
  for (let position = from; position < to; position += 1) {
    const target = next[state + (bytes[position] as number)] as number;
    if (target >= 0) state = target;
    else {
      state = ~target;
      ends.push(position, state);
    }
  }
  return state;
}

/** Walks [0, middle) from the root and [middle, 2 × middle) from `second` together; returns the second's last row. */
function walkHalves(
  bytes: Uint8Array,
  next: Int32Array,
  middle: number,
  second: number,
  firstEnds: number[],
  secondEnds: number[],
): number {
  let one = 0;
  let two = second;
  for (let offset = 0; offset < middle; offset += 1) {
    const oneNext = next[one + (bytes[offset] as number)] as number;
    const twoNext = next[two + (bytes[middle + offset] as number)] as number;
    if ((oneNext | twoNext) >= 0) {
      one = oneNext;
      two = twoNext;
      continue;
    }
    one = oneNext >= 0 ? oneNext : ~oneNext;
    two = twoNext >= 0 ? twoNext : ~twoNext;
    if (oneNext < 0) firstEnds.push(offset, one);
    if (twoNext < 0) secondEnds.push(middle + offset, two);
  }
  return two;
}
