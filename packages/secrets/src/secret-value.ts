import { characterClassCount, shannonEntropy } from './entropy';
import { isEnvReference, isPlaceholder } from './placeholder';

/** A token with a known prefix is real when it is not a stand-in and has a random token's variety. */
export function looksRandom(value: string, minEntropy = 3.5): boolean {
  return !isPlaceholder(value) && shannonEntropy(value) >= minEntropy;
}

// Values that name a type, a default or a state rather than hold a secret.
const NOT_SECRET_VALUES = new Set([
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  'string',
  'required',
  'optional',
  'password',
  'secret',
  'token',
  'hidden',
  'masked',
  'disabled',
  'enabled',
]);

const SELF_DESCRIBING = /secret|passw|token|(?:^|[^a-z])key(?:[^a-z]|$)/i;

/** A value that names what it is (`secret-key-123`, `my_token_1`, `authpassword`) is a stand-in someone typed. */
export function namesItself(value: string): boolean {
  return SELF_DESCRIBING.test(value);
}

/**
 * `InterpolationInTemplate`, `getUserSettings`: runs of one optional capital and lower-case letters,
 * averaging 4+ letters. Random letters pass for about one 24-letter string in a thousand (most
 * have two capitals in a row or runs too short), and random tokens without a digit are rare anyway.
 */
function isCamelCaseWords(letters: string): boolean {
  const runs = letters.match(/[A-Z]?[a-z]*/g)?.filter((run) => run !== '') ?? [];
  return (
    runs.length > 0 && letters.length / runs.length >= 4 && runs.every((run) => /^[A-Z]?[a-z]+$/.test(run))
  );
}

const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const FILE_NAME = /^[\w.-]+\.(?:json|ya?ml|pem|key|crt|txt|env|toml|ini|cfg|conf)$/i;
// Encrypted at rest (sops, ansible-vault, sealed secrets): committing these is the point.
const ENCRYPTED_VALUE = /^(?:ENC\[|!vault|AgB|\$ANSIBLE_VAULT)/;

/**
 * Whether the value of a `password=` / `api_key:` / `token =` assignment looks like a real secret:
 * 8 to 300 characters without spaces, not a placeholder, an environment reference, an interpolated
 * template, a value naming itself (`secret-key-123`), a path, a URL, a file name, a dotted
 * identifier or a plain word; at least two character classes, a digit
 * unless 24+ characters long; and an entropy close to the most its length allows.
 */
export function looksLikeSecretValue(written: string): boolean {
  const value = percentDecoded(written);
  // `pass%5B%7F` in a URL test fixture: escapes that decode to control characters are test data.
  if (value === undefined) return false;
  if (value.length < 8 || value.length > 300 || /\s/.test(value)) return false;
  if (NOT_SECRET_VALUES.has(value.toLowerCase())) return false;
  if (isPlaceholder(value) || isEnvReference(value) || ENCRYPTED_VALUE.test(value)) return false;
  // `${...}` inside the value: an interpolated template string, not a literal.
  if (value.includes('${') || namesItself(value)) return false;
  if (/^(?:\/|\.\.?\/|~\/)/.test(value) || value.includes('://')) return false;
  if (DOTTED_IDENTIFIER.test(value) || FILE_NAME.test(value)) return false;
  // Calls and generic types (`Exclude<HTTPQueryOptions<…>>` in a source map's sourcesContent): code.
  if (/[()<>]/.test(value)) return false;
  const classes = characterClassCount(value);
  if (classes < 2) return false;
  // Without a digit, short values are words and identifiers (`?NoLineTerminatorHere`, `Bearer-Auth`),
  // and so are longer ones made of whole words (`?InterpolationInTemplate`): random text is not.
  if (!/[0-9]/.test(value) && (value.length < 24 || isCamelCaseWords(value.replace(/[^A-Za-z]/g, ''))))
    return false;
  // The most entropy n distinct characters can have is log2(n): ask for most of it on short values.
  const minEntropy = Math.min(3, Math.log2(value.length) - 0.5);
  return shannonEntropy(value) >= minEntropy;
}

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;
// C0 controls and DEL: no generated secret holds them, URL-encoding test data often does.
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** The value with its percent escapes decoded; undefined when they decode to control characters. */
function percentDecoded(value: string): string | undefined {
  if (!PERCENT_ESCAPE.test(value)) return value;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // A stray % that is not an escape (`50%off`): judge the value as written.
    return value;
  }
  return hasControlCharacter(decoded) ? undefined : decoded;
}

const REDACTION_MARK = /^\[REDACTED/;

/**
 * The trail's test for a value assigned to a secret's name: anything but an empty-ish value, a
 * type or state word, an environment reference, a mask or an earlier redaction counts, because
 * storing a doubtful value costs more than hiding a harmless one.
 */
export function isAssignedValue(value: string): boolean {
  if (value.length < 3 || NOT_SECRET_VALUES.has(value.toLowerCase())) return false;
  if (REDACTION_MARK.test(value) || isEnvReference(value) || value.includes('${')) return false;
  return !/^(?:\*+|x+|\.+|…+|<[^>]*>)$/i.test(value);
}
