/** Replaces a NUL character: PostgreSQL text and jsonb cannot hold one (SQLSTATE 22P05 / 22021). */
export const NUL_MARKER = '\u2400';
/** Replaces half a surrogate pair, which is not Unicode and which PostgreSQL rejects as UTF-8. */
export const LONE_SURROGATE_MARKER = '\uFFFD';

/**
 * The text with every character PostgreSQL cannot store replaced by a visible marker (␀ for NUL,
 * � for a lone surrogate), so a stored event shows where its input was damaged instead of losing
 * it. Returns the text itself when there is nothing to replace: the common case costs one scan.
 */
export function storableText(text: string): string {
  let out: string | undefined;
  let copiedUpTo = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    let marker: string | undefined;
    if (code === 0) marker = NUL_MARKER;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
      else marker = LONE_SURROGATE_MARKER;
    } else if (code >= 0xdc00 && code <= 0xdfff) marker = LONE_SURROGATE_MARKER;
    if (marker === undefined) continue;
    out = (out ?? '') + text.slice(copiedUpTo, index) + marker;
    copiedUpTo = index + 1;
  }
  return out === undefined ? text : out + text.slice(copiedUpTo);
}
