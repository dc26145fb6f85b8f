import { redactSecrets } from '@tier1/secrets';
import { storableText } from './storable-text';

/** The longest snippet of tool output, response body or log kept in an event (the architecture's 200). */
export const SNIPPET_MAX_LENGTH = 200;
/** Any other string in evidence or metadata is kept up to this length. */
export const TEXT_MAX_LENGTH = 4000;
/** Deeper evidence or metadata is cut off: PostgreSQL's jsonb and a reader both need a bound. */
export const MAX_JSON_DEPTH = 64;
/** What replaces a value nested deeper than MAX_JSON_DEPTH: the event is kept and says what went. */
export const CUT_TOO_DEEP = `[cut: nested deeper than ${MAX_JSON_DEPTH} levels]`;

export interface SanitizeOptions {
  /** Values that must never be stored, such as the configured N8N_API_KEY. */
  secrets?: readonly string[];
  maxLength?: number;
}

/** Cut to at most `maxLength` characters with an ellipsis, never between the halves of a surrogate pair. */
function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = maxLength - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Makes a text storable and safe to keep: characters PostgreSQL cannot hold are replaced by a
 * visible marker (storable-text.ts), every secret the engine of @tier1/secrets finds is redacted
 * (docs/secret-scanning.md), then the text is cut to `maxLength` (default: the snippet length).
 */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  const maxLength = options.maxLength ?? SNIPPET_MAX_LENGTH;
  const values = options.secrets ?? [];
  // Redact a window a little longer than what is kept, so a secret that straddles the cut
  // is still recognised whole, without scanning megabytes of output.
  const longestSecret = values.reduce((max, secret) => Math.max(max, secret.length), 0);
  const window = maxLength + 512 + longestSecret;
  const kept = text.length > window ? text.slice(0, window) : text;
  return cut(redactSecrets(storableText(kept), { values }), maxLength);
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isSnippetKey(key: string): boolean {
  return /snippet$/i.test(key);
}

/**
 * Sanitises every string inside a JSON value, keys included: storable, secrets redacted
 * everywhere, `*snippet` fields cut to the snippet length and every other string to
 * TEXT_MAX_LENGTH; a value nested deeper than MAX_JSON_DEPTH becomes CUT_TOO_DEEP.
 */
export function sanitizeJson<T>(value: T, options: SanitizeOptions = {}): T {
  const visit = (node: Json, key: string, depth: number): Json => {
    if (typeof node === 'string') {
      return sanitizeText(node, {
        ...options,
        maxLength: isSnippetKey(key) ? (options.maxLength ?? SNIPPET_MAX_LENGTH) : TEXT_MAX_LENGTH,
      });
    }
    if (node === null || typeof node !== 'object') return node;
    if (depth >= MAX_JSON_DEPTH) return CUT_TOO_DEEP;
    if (Array.isArray(node)) return node.map((item) => visit(item, key, depth + 1));
    const out: { [key: string]: Json } = {};
    for (const [childKey, child] of Object.entries(node)) {
      const storableKey = sanitizeText(childKey, { ...options, maxLength: SNIPPET_MAX_LENGTH });
      out[storableKey] = visit(child, childKey, depth + 1);
    }
    return out;
  };
  return visit(value as Json, '', 0) as T;
}
