/** The longest snippet of tool output, response body or log kept in an event (the architecture's 200). */
export const SNIPPET_MAX_LENGTH = 200;
/** Any other string in evidence or metadata is kept up to this length. */
export const TEXT_MAX_LENGTH = 4000;

const REDACTED = '[REDACTED]';

// `password=...`, `"api_key": "..."`, `token: ...`: the key stays so the event still says what was there.
const ASSIGNED_SECRET =
  /(["']?)\b((?:[a-z0-9]+[_-])*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth)(?:[_-][a-z0-9]+)*)\1(\s*[:=]\s*)("[^"\n]*"|'[^'\n]*'|[^\s,;&"'}\]]+)/gi;
const BEARER_TOKEN = /\b(bearer\s+)[a-z0-9._~+/=-]{8,}/gi;
const BEARER_WORD = /bearer/i;
// scheme://user:password@host: only the password goes.
const CONNECTION_STRING_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi;

export interface SanitizeOptions {
  /** Values that must never be stored, such as the configured N8N_API_KEY. */
  secrets?: readonly string[];
  maxLength?: number;
}

/** Redacts secrets, then cuts the text to `maxLength` characters (default: the snippet length). */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  const maxLength = options.maxLength ?? SNIPPET_MAX_LENGTH;
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 4);
  // Redact a window a little longer than what is kept, so a secret that straddles the cut
  // is still recognised whole, without scanning megabytes of output.
  const longestSecret = secrets.reduce((max, secret) => Math.max(max, secret.length), 0);
  let result =
    text.length > maxLength + 512 + longestSecret ? text.slice(0, maxLength + 512 + longestSecret) : text;
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  // Each pattern runs only where its fixed part occurs: most strings in an event (names,
  // statuses, short messages) have none, and a hook process pays to compile every regex it runs.
  if (result.includes('://')) result = result.replace(CONNECTION_STRING_PASSWORD, `$1${REDACTED}$3`);
  if (BEARER_WORD.test(result)) result = result.replace(BEARER_TOKEN, `$1${REDACTED}`);
  if (result.includes('=') || result.includes(':')) {
    result = result.replace(
      ASSIGNED_SECRET,
      (_match, quote: string, key: string, separator: string, value: string) => {
        const quotedValue =
          value.startsWith('"') || value.startsWith("'") ? `${value[0]}${REDACTED}${value[0]}` : REDACTED;
        return `${quote}${key}${quote}${separator}${quotedValue}`;
      },
    );
  }
  return result.length > maxLength ? `${result.slice(0, maxLength - 1)}…` : result;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isSnippetKey(key: string): boolean {
  return /snippet$/i.test(key);
}

/**
 * Sanitises every string inside a JSON value: secrets are redacted everywhere, `*snippet`
 * fields are cut to the snippet length and every other string to TEXT_MAX_LENGTH.
 */
export function sanitizeJson<T>(value: T, options: SanitizeOptions = {}): T {
  const visit = (node: Json, key: string): Json => {
    if (typeof node === 'string') {
      return sanitizeText(node, {
        ...options,
        maxLength: isSnippetKey(key) ? (options.maxLength ?? SNIPPET_MAX_LENGTH) : TEXT_MAX_LENGTH,
      });
    }
    if (Array.isArray(node)) return node.map((item) => visit(item, key));
    if (node !== null && typeof node === 'object') {
      const out: { [key: string]: Json } = {};
      for (const [childKey, child] of Object.entries(node)) out[childKey] = visit(child, childKey);
      return out;
    }
    return node;
  };
  return visit(value as Json, '') as T;
}
