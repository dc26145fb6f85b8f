import { isEnvReference, isPlaceholder } from './placeholder';
import { PROVIDER_RULES } from './provider-rules';
import { redactValue } from './redact';
import { isAssignedValue, looksLikeSecretValue, looksRandom, namesItself } from './secret-value';

/** What a rule may know about the file a match is in. */
export interface RuleContext {
  /** The whole file text. */
  text: string;
  /** Source code, where an unquoted right-hand side is an expression rather than a literal. */
  isCodeFile: boolean;
  /**
   * Redact on doubt: what goes into the audit trail counts any value assigned to a secret's name
   * that is not plainly a stand-in, where `tier1 check` reports only values that look real.
   */
  strict: boolean;
}

export interface SecretRule {
  /** Stable: baselines, allow lists and SARIF refer to it. */
  id: string;
  description: string;
  /**
   * Lower-case substrings at least one of which every match contains, compared with the text in
   * lower case (as gitleaks' keywords are). The rule's regex runs only over text that holds one:
   * most texts hold none, so most rules never run. Empty: the rule always runs.
   */
  keywords: readonly string[];
  /** Global with indices (`dg`); the named group `value` is the secret. Linear: no nested quantifiers. */
  pattern: RegExp;
  /**
   * Set when one of the keywords is inside every match, at most this many characters after the
   * match's start: the regex is then tried only at the keywords' occurrences (scan-text.ts).
   */
  keywordOffset?: number;
  /** The numbered group holding the secret, for rules from a gitleaks configuration (`secretGroup`). */
  valueGroup?: number;
  /** Only files whose path matches (a gitleaks rule's `path`). */
  path?: RegExp;
  /** Whether the matched value is a real secret rather than a placeholder or a look-alike. */
  accept(value: string, match: RegExpExecArray, context: RuleContext): boolean;
  /** Shown instead of the value; defaults to `redactValue(value)`. */
  redact?(value: string, match: RegExpExecArray): string;
  /** Lock files hold only hashes and URLs: the generic assignment rule is skipped there. */
  skipInLockFiles?: boolean;
}

const accepted = (minEntropy?: number) => (value: string) => looksRandom(value, minEntropy);

// Default credentials of local development images (`postgres://postgres:postgres@localhost`) and
// tutorial passwords are not secrets anyone can abuse; a password equal to the user name is the same case.
const DEFAULT_PASSWORDS = new Set([
  'password',
  'pass',
  'passwd',
  'secret',
  'postgres',
  'root',
  'admin',
  'guest',
  'mysql',
  'redis',
  'mongo',
  'rabbitmq',
  'user',
]);

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** `s3cr3t`, `p%40ss`, `P@ssw0rd`: a default word in tutorial spelling is still a default word. */
function isDefaultPassword(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // A stray % that is not an escape: compare the value as written.
  }
  const plain = decoded.toLowerCase().replace(/[013457@$]/g, (char) => LEET[char] ?? char);
  return DEFAULT_PASSWORDS.has(plain) || DEFAULT_PASSWORDS.has(plain.replace(/i/g, 'l'));
}

function decodesToJwtHeader(part: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return (
      typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    // Not base64url JSON: a look-alike such as a minified identifier, not a token.
    return false;
  }
}

function decodedJwtPayload(part: string): string {
  return Buffer.from(part, 'base64url').toString('utf8');
}

const GENERIC_KEYWORDS =
  'password|passwd|pwd|secret|token|(?:api|secret|private|access|auth|signing|encryption|master|client)[_-]?key|apikey';

/**
 * The rules, most specific first: where two rules match the same characters, the first one's
 * finding is kept, so `OPENAI_API_KEY=sk-proj-…` is an `openai-api-key`, not a generic assignment.
 */
export const RULES: readonly SecretRule[] = [
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id (AKIA… long-term or ASIA… temporary)',
    keywords: ['akia', 'asia'],
    keywordOffset: 0,
    pattern: /\b(?<value>(?:AKIA|ASIA)[A-Z0-9]{16})\b/dg,
    accept: accepted(3),
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key assigned to an aws_secret_access_key / secretAccessKey name',
    keywords: ['secret'],
    keywordOffset: 4,
    pattern:
      /(?:aws[_-]?secret[_-]?(?:access[_-]?)?key|secret[_-]?access[_-]?key)["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?(?<value>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
    accept: accepted(4),
  },
  {
    id: 'github-token',
    description:
      'GitHub token (ghp_ personal, gho_ OAuth, ghu_ user-to-server, ghs_ server-to-server, ghr_ refresh)',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /\b(?<value>gh[pousr]_[A-Za-z0-9]{36,251})\b/dg,
    accept: accepted(),
  },
  {
    id: 'github-fine-grained-token',
    description: 'GitHub fine-grained personal access token (github_pat_)',
    keywords: ['github_pat_'],
    pattern: /\b(?<value>github_pat_[A-Za-z0-9_]{60,244})\b/dg,
    accept: accepted(),
  },
  {
    id: 'gitlab-token',
    description: 'GitLab personal access token (glpat-)',
    keywords: ['glpat-'],
    pattern: /\b(?<value>glpat-[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])/dg,
    accept: accepted(),
  },
  {
    id: 'slack-token',
    description: 'Slack token (xoxb- bot, xoxp- user, xoxa-/xoxr- app and refresh, xoxs- session)',
    keywords: ['xox'],
    pattern: /\b(?<value>xox[baprs]-[0-9]{6,}-[A-Za-z0-9-]{8,250})/dg,
    accept: accepted(3.2),
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL (hooks.slack.com/services/…)',
    keywords: ['hooks.slack.com'],
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<value>[A-Za-z0-9_]{8,}\/[A-Za-z0-9_]{8,}\/[A-Za-z0-9_]{16,})/dg,
    accept: accepted(3.5),
    redact: (value) => `https://hooks.slack.com/…/${redactValue(value)}`,
  },
  {
    id: 'stripe-secret-key',
    description: 'Stripe live secret or restricted key (sk_live_, rk_live_)',
    keywords: ['_live_'],
    pattern: /\b(?<value>[sr]k_live_[A-Za-z0-9]{20,247})\b/dg,
    accept: accepted(),
  },
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key (sk-ant-)',
    keywords: ['sk-ant-'],
    pattern: /\b(?<value>sk-ant-[A-Za-z0-9_-]{32,200})(?![A-Za-z0-9_-])/dg,
    accept: accepted(),
  },
  {
    id: 'openai-api-key',
    description: 'OpenAI API key (sk-proj-, sk-svcacct-, sk-admin- or a legacy sk- key)',
    keywords: ['sk-'],
    keywordOffset: 0,
    pattern:
      /\b(?<value>sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48}))(?![A-Za-z0-9_-])/dg,
    accept: accepted(),
  },
  {
    id: 'google-api-key',
    description: 'Google API key (AIza…)',
    keywords: ['aiza'],
    pattern: /\b(?<value>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/dg,
    accept: accepted(),
  },
  {
    id: 'google-service-account-key',
    description: 'Google Cloud service-account key file (private_key of a service_account JSON)',
    keywords: ['service_account'],
    pattern: /"private_key"\s*:\s*"-----BEGIN PRIVATE KEY-----\\n(?<value>[A-Za-z0-9+/=]{40,})/dg,
    accept: (value) => !isPlaceholder(value),
    redact: (value) => `-----BEGIN PRIVATE KEY-----${redactValue(value)}`,
  },
  {
    id: 'npm-token',
    description: 'npm access token (npm_)',
    keywords: ['npm_'],
    keywordOffset: 0,
    pattern: /\b(?<value>npm_[A-Za-z0-9]{36})\b/dg,
    accept: accepted(),
  },
  ...PROVIDER_RULES,
  {
    id: 'private-key',
    description: 'Private key block (-----BEGIN … PRIVATE KEY-----) with key material',
    keywords: ['-----begin'],
    // The body must follow within a few hundred characters (after PEM headers such as Proc-Type),
    // so code and docs that only mention the header line are not findings.
    keywordOffset: 0,
    pattern:
      /-----BEGIN (?<kind>(?:[A-Z0-9]+ ){0,2})PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,300}?(?<value>[A-Za-z0-9+/]{40,})/dg,
    accept: (value) => !isPlaceholder(value),
    redact: (value, match) => `-----BEGIN ${match.groups?.kind ?? ''}PRIVATE KEY-----${redactValue(value)}`,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token (three base64url parts, the header decoding to JSON with an alg)',
    keywords: ['eyj'],
    keywordOffset: 0,
    pattern:
      /\b(?<value>eyJ(?<header>[A-Za-z0-9_-]{8,})\.(?<payload>[A-Za-z0-9_-]{8,})\.[A-Za-z0-9_-]{16,})/dg,
    accept: (value, match) =>
      decodesToJwtHeader(`eyJ${match.groups?.header ?? ''}`) &&
      !isPlaceholder(decodedJwtPayload(match.groups?.payload ?? '')) &&
      looksRandom(value),
  },
  {
    id: 'connection-string-password',
    description: 'Database or broker URL with a password (postgres, mysql, mongodb, redis, amqp)',
    // Each scheme with its `://`: a match starts there, and a bare `://` is in every URL.
    keywords: [
      'postgres://',
      'postgresql://',
      'mysql://',
      'mariadb://',
      'mongodb://',
      'mongodb+srv://',
      'redis://',
      'rediss://',
      'amqp://',
      'amqps://',
    ],
    keywordOffset: 0,
    pattern:
      /\b(?<scheme>postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?):\/\/(?<user>[^\s:@/'"`]{0,128}):(?<value>[^\s@/'"`]{1,256})@/dg,
    accept: (value, match, context) =>
      context.strict
        ? isAssignedValue(value)
        : value.length >= 4 &&
          value !== match.groups?.user &&
          !isDefaultPassword(value) &&
          !namesItself(value) &&
          !isPlaceholder(value) &&
          !isEnvReference(value) &&
          !/^[{<[%]/.test(value),
    redact: (value, match) => `${match.groups?.scheme}://${match.groups?.user}:${redactValue(value)}@`,
  },
  {
    id: 'bearer-token',
    description: 'Bearer token in an Authorization header or a curl command',
    keywords: ['bearer'],
    keywordOffset: 0,
    pattern: /\b[Bb]earer[ \t]+(?<value>[A-Za-z0-9._~+/-]{16,}=*)/dg,
    accept: (value, _match, context) => (context.strict ? isAssignedValue(value) : looksRandom(value, 3.5)),
  },
  {
    id: 'secret-assignment',
    description: 'password= / api_key= / secret= / token= assignment whose value looks like a real secret',
    // A name ending in `key` ends in a separator or one of the words' last letters before it
    // (`api_key`, `apikey`, `secretkey`, `encryption-key`, …): `key` alone is in most source
    // files (`keyof`, `monkey`), and no match is without one of these.
    keywords: [
      'pass',
      'pwd',
      'secret',
      'token',
      '_key',
      '-key',
      'ikey',
      'tkey',
      'ekey',
      'skey',
      'hkey',
      'gkey',
      'nkey',
      'rkey',
    ],
    keywordOffset: 11,
    pattern: new RegExp(
      `(?<key>${GENERIC_KEYWORDS})["']?[ \\t]*(?::=|=>|=|:)[ \\t]*(?:"(?<dq>[^"\\n\\\\]{1,300})"|'(?<sq>[^'\\n\\\\]{1,300})'|\`(?<bq>[^\`\\n\\\\]{1,300})\`|(?<bare>[^\\s"'\`,;&]{1,300}))`,
      'dgi',
    ),
    accept: (value, match, context) =>
      context.strict
        ? isAssignedValue(value)
        : (match.groups?.bare === undefined || !context.isCodeFile) && looksLikeSecretValue(value),
    skipInLockFiles: true,
  },
];

/** The public list of rule ids and what each finds. */
export const SECRET_RULES: readonly { id: string; description: string }[] = RULES.map(
  ({ id, description }) => ({
    id,
    description,
  }),
);
