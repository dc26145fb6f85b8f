// Words that mark a value as documentation or a stand-in. Matched as substrings, case-insensitively:
// a random 30-character token contains one of them by chance far less than once in a billion.
const PLACEHOLDER_WORDS = [
  'example',
  'changeme',
  'change_me',
  'change-me',
  'your',
  'placeholder',
  'dummy',
  'sample',
  'fake',
  'test',
  'xxx',
  'redacted',
  'replace',
  'insert',
  'todo',
  'abcdefgh',
  '123456',
];

const WRAPPED_PLACEHOLDER = /^(?:<[^>]*>|\{\{.*\}\}|\[[^\]]*\]|%[^%]*%|\*+|\.{3,}|…+)$/;

/**
 * True for values a person would never deploy: `changeme`, `your-api-key`, `<password>`, `xxx`,
 * `AKIAIOSFODNN7EXAMPLE`, `***`, runs of one character and other values with almost no variety.
 */
export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((word) => lower.includes(word))) return true;
  if (WRAPPED_PLACEHOLDER.test(value) || value.includes('***') || value.includes('...')) return true;
  // `AKIA0000000000000000`, `sk-aaaaaaaa…`: a real token of this length uses many distinct characters.
  const distinct = new Set(value).size;
  return distinct <= 2 || (value.length >= 12 && distinct < 6);
}

const ENV_REFERENCE = [
  /^\$\{[^}]*\}?/, // ${VAR}, ${VAR:-default}
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR% (Windows)
  /^\{\{.*\}\}$/, // {{ secrets.X }}, {{ .Values.x }}
  /\bprocess\.env\b/,
  /\bimport\.meta\.env\b/,
  /\bDeno\.env\b/,
  /\bos\.environ\b/,
  /\bos\.getenv\b/,
  /\bgetenv\s*\(/,
  /\bENV\s*\[/,
  /^env\s*\(/i,
  /\bSystem\.getenv\b/,
];

/** True when the value is read from the environment instead of written out: `${VAR}`, `process.env.X`. */
export function isEnvReference(value: string): boolean {
  const trimmed = value.trim();
  return ENV_REFERENCE.some((pattern) => pattern.test(trimmed));
}
