const HASH_HEX_DIGITS = 32;

/**
 * An id that fits `maxLength` characters: itself when short enough, else its start, `…#` and a
 * hash of the whole id, so an over-long session id (a bug or hostile input upstream) is still
 * recorded, distinct ids stay distinct, and the same id always shortens the same way.
 */
export function shortenId(id: string, maxLength: number): string {
  if (id.length <= maxLength) return id;
  // Loaded only here: most processes never shorten an id (packages/events/src/random-bytes.ts).
  const { createHash } = process.getBuiltinModule('node:crypto');
  const hash = createHash('sha256').update(id).digest('hex').slice(0, HASH_HEX_DIGITS);
  let keep = maxLength - HASH_HEX_DIGITS - 2;
  const last = id.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep -= 1;
  return `${id.slice(0, keep)}…#${hash}`;
}
