// Always this many: the mask says "a secret was here", not how long it is.
const MASK = '*'.repeat(12);

/**
 * Enough of a value to recognise it and never enough to use it: 4 characters at each end of a
 * value of 20 or more (`AKIA************MPLE`), one a side from 12, none below.
 */
export function redactValue(value: string): string {
  const chars = [...value];
  const keep = chars.length >= 20 ? 4 : chars.length >= 12 ? 1 : 0;
  if (keep === 0) return MASK;
  return `${chars.slice(0, keep).join('')}${MASK}${chars.slice(-keep).join('')}`;
}

/**
 * Stable across runs and line moves: a hash of rule, file and value (what a baseline stores).
 * The file and rule salt the hash so one leaked value does not link every file that holds it.
 */
export function secretFingerprint(rule: string, file: string, value: string): string {
  // Loaded here, not at the top: the hook bundles this engine, most of its calls find no
  // secret, and loading node:crypto costs a fresh process about 3 ms (packages/events/src/random-bytes.ts).
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(`${rule}\0${file}\0${value}`).digest('hex').slice(0, 32);
}
