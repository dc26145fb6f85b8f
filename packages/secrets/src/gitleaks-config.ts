import { Tier1Error } from '@tier1/core';
import { parse } from 'smol-toml';
import type { SecretRule } from './rules';
import { looksRandom } from './secret-value';
import type { SecretAllowlist, SecretsConfig } from './secrets-config';

const INVALID_GITLEAKS_CONFIG = 'INVALID_GITLEAKS_CONFIG';

/** A `.gitleaks.toml` that cannot be used: the problem, without any of the file's values. */
export class GitleaksConfigError extends Tier1Error {
  constructor(readonly problem: string) {
    super(INVALID_GITLEAKS_CONFIG, problem, {
      hint: 'fix the file (format: https://github.com/gitleaks/gitleaks#configuration), or move it aside',
    });
  }

  static override isInstance(value: unknown): value is GitleaksConfigError {
    return Tier1Error.hasCode(value, INVALID_GITLEAKS_CONFIG);
  }
}

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function strings(table: Table, key: string, where: string): string[] {
  const value = table[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new GitleaksConfigError(`${where}.${key} must be a list of strings`);
  return value;
}

/**
 * A Go (RE2) regular expression as a JavaScript one: leading `(?i)`/`(?s)`/`(?m)` flags become
 * RegExp flags and `(?P<name>` becomes `(?<name>`; what else RE2 writes the same way JavaScript does.
 */
export function goRegExp(source: string, where: string, flags = ''): RegExp {
  let body = source.replace(/\(\?P</g, '(?<');
  let allFlags = flags;
  const leading = /^\(\?([ims]+)\)/.exec(body);
  if (leading) {
    body = body.slice(leading[0].length);
    allFlags += [...new Set(leading[1])].filter((flag) => !allFlags.includes(flag)).join('');
  }
  try {
    return new RegExp(body.replace(/\\z/g, '$'), allFlags);
  } catch (error) {
    throw new GitleaksConfigError(
      `${where}: not a regular expression this engine can run (${(error as Error).message})`,
    );
  }
}

function allowlistOf(table: Table, where: string, ruleIds: readonly string[]): SecretAllowlist {
  const regexTarget = table.regexTarget ?? 'secret';
  if (regexTarget !== 'secret' && regexTarget !== 'match' && regexTarget !== 'line')
    throw new GitleaksConfigError(`${where}.regexTarget must be "secret", "match" or "line"`);
  const condition = String(table.condition ?? 'OR').toUpperCase();
  if (condition !== 'OR' && condition !== 'AND')
    throw new GitleaksConfigError(`${where}.condition must be "OR" or "AND"`);
  return {
    description: typeof table.description === 'string' ? table.description : undefined,
    paths: strings(table, 'paths', where).map((path, index) => goRegExp(path, `${where}.paths[${index}]`)),
    regexes: strings(table, 'regexes', where).map((regex, index) =>
      goRegExp(regex, `${where}.regexes[${index}]`),
    ),
    regexTarget,
    stopwords: strings(table, 'stopwords', where).map((word) => word.toLowerCase()),
    condition,
    ruleIds: [...ruleIds, ...strings(table, 'targetRules', where)],
  };
}

/** `[allowlist]` (before gitleaks 8.25) or `[[allowlists]]`, at the top or in a rule. */
function allowlistsIn(table: Table, where: string, ruleIds: readonly string[]): SecretAllowlist[] {
  const single = table.allowlist;
  const many = table.allowlists;
  const tables = [...(isTable(single) ? [single] : []), ...(Array.isArray(many) ? many.filter(isTable) : [])];
  return tables.map((allowlist, index) => allowlistOf(allowlist, `${where}.allowlists[${index}]`, ruleIds));
}

/** As gitleaks: without secretGroup, a regex with one group has its secret there, others the whole match. */
function defaultSecretGroup(pattern: RegExp): number {
  const groups = (new RegExp(`${pattern.source}|`).exec('')?.length ?? 1) - 1;
  return groups === 1 ? 1 : 0;
}

function ruleOf(table: Table, index: number): { rule?: SecretRule; allowlists: SecretAllowlist[] } {
  const where = `rules[${index}]`;
  const id = table.id;
  if (typeof id !== 'string' || id === '')
    throw new GitleaksConfigError(`${where}.id must be a non-empty string`);
  const allowlists = allowlistsIn(table, `rules.${id}`, [id]);
  // A rule with only a path flags files by name: nothing to match in a text.
  if (typeof table.regex !== 'string') return { allowlists };
  const entropy = typeof table.entropy === 'number' ? table.entropy : undefined;
  const secretGroup = typeof table.secretGroup === 'number' ? table.secretGroup : undefined;
  const pattern = goRegExp(table.regex, `rules.${id}.regex`, 'dg');
  const rule: SecretRule = {
    id,
    description: typeof table.description === 'string' ? table.description : `${id} (from .gitleaks.toml)`,
    keywords: strings(table, 'keywords', `rules.${id}`).map((keyword) => keyword.toLowerCase()),
    pattern,
    valueGroup: secretGroup ?? defaultSecretGroup(pattern),
    accept: (value) => entropy === undefined || looksRandom(value, entropy),
  };
  if (typeof table.path === 'string') rule.path = goRegExp(table.path, `rules.${id}.path`);
  return { rule, allowlists };
}

/**
 * A project's `.gitleaks.toml` as engine configuration: its `[[rules]]` (regex, secretGroup,
 * entropy, keywords, path, allowlists) and its global allowlists (paths, regexes with
 * regexTarget, stopwords, condition, targetRules). Commits are ignored: the engine scans texts.
 * Format: https://github.com/gitleaks/gitleaks#configuration
 */
export function parseGitleaksConfig(text: string): SecretsConfig {
  let document: Table;
  try {
    document = parse(text);
  } catch (error) {
    // smol-toml's message quotes the offending line, which may hold a secret: keep only its position.
    const { line, column } = error as { line?: number; column?: number };
    throw new GitleaksConfigError(
      `not valid TOML${line === undefined ? '' : ` (line ${line}, column ${column})`}`,
    );
  }
  const rules: SecretRule[] = [];
  const allowlists = allowlistsIn(document, 'allowlist', []);
  const ruleTables = Array.isArray(document.rules) ? document.rules : [];
  ruleTables.forEach((table, index) => {
    if (!isTable(table)) throw new GitleaksConfigError(`rules[${index}] must be a table`);
    const parsed = ruleOf(table, index);
    if (parsed.rule) rules.push(parsed.rule);
    allowlists.push(...parsed.allowlists);
  });
  return { rules, allowlists };
}
