import { type KeywordHits, KeywordIndex } from './keyword-index';
import { RULES, type SecretRule } from './rules';
import type { SecretsConfig } from './secrets-config';

/**
 * The rule with every optional property present, in one order. The scan's loops read the same
 * properties of every rule; rules of several shapes made V8 deoptimise them and compile them
 * again, several times per thread (packages/production-checker/bench/git-secrets.mjs).
 */
function uniform(rule: SecretRule): SecretRule {
  return {
    id: rule.id,
    description: rule.description,
    keywords: rule.keywords,
    pattern: rule.pattern,
    keywordOffset: rule.keywordOffset,
    valueGroup: rule.valueGroup,
    path: rule.path,
    accept: rule.accept,
    redact: rule.redact,
    skipInLockFiles: rule.skipInLockFiles,
  };
}

const BUILT_IN_RULES = RULES.map(uniform);

// One rule set per configuration, so that its keyword automaton below is built once.
const rulesByConfig = new WeakMap<SecretsConfig, readonly SecretRule[]>();

/** The built-in rules with a project's own added; one of the project's with a built-in id replaces it. */
export function activeRules(config: SecretsConfig): readonly SecretRule[] {
  if (config.rules.length === 0) return BUILT_IN_RULES;
  let rules = rulesByConfig.get(config);
  if (!rules) {
    const replaced = new Set(config.rules.map((rule) => rule.id));
    rules = [...BUILT_IN_RULES.filter((rule) => !replaced.has(rule.id)), ...config.rules.map(uniform)];
    rulesByConfig.set(config, rules);
  }
  return rules;
}

// One keyword automaton per rule set: the built-in one, and one per project configuration.
const keywordIndexes = new WeakMap<readonly SecretRule[], KeywordIndex>();

export function keywordIndexFor(rules: readonly SecretRule[]): KeywordIndex {
  let index = keywordIndexes.get(rules);
  if (!index) {
    index = new KeywordIndex(rules.flatMap((rule) => rule.keywords));
    keywordIndexes.set(rules, index);
  }
  return index;
}

/** A rule runs when the file kind allows it and the text holds one of its keywords. */
export function runsOn(
  rule: SecretRule,
  hits: KeywordHits,
  path: string | undefined,
  lockFile: boolean,
): boolean {
  if (lockFile && rule.skipInLockFiles) return false;
  if (rule.path && (path === undefined || !rule.path.test(path))) return false;
  return rule.keywords.length === 0 || rule.keywords.some((keyword) => hits.starts.has(keyword));
}
