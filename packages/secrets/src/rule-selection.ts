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

/** Per rule set, which rules each keyword belongs to, and those without keywords (they always run). */
interface RulesByKeyword {
  byKeyword: Map<string, number[]>;
  always: number[];
}

const rulesByKeyword = new WeakMap<readonly SecretRule[], RulesByKeyword>();

function rulesByKeywordFor(rules: readonly SecretRule[]): RulesByKeyword {
  let index = rulesByKeyword.get(rules);
  if (!index) {
    index = { byKeyword: new Map(), always: [] };
    for (const [position, rule] of rules.entries()) {
      if (rule.keywords.length === 0) index.always.push(position);
      for (const keyword of rule.keywords) {
        const list = index.byKeyword.get(keyword);
        if (list) list.push(position);
        else index.byKeyword.set(keyword, [position]);
      }
    }
    rulesByKeyword.set(rules, index);
  }
  return index;
}

/**
 * The rules that run on a text, in their order: those whose keywords it holds (or that have none)
 * and that its file kind allows. Found from the keywords the text holds, not by asking each of the
 * 60-odd rules about each of its keywords.
 */
export function rulesToRun(
  rules: readonly SecretRule[],
  hits: KeywordHits,
  path: string | undefined,
  lockFile: boolean,
): SecretRule[] {
  const { byKeyword, always } = rulesByKeywordFor(rules);
  const chosen = new Set(always);
  for (const keyword of hits.starts.keys())
    for (const position of byKeyword.get(keyword) ?? []) chosen.add(position);
  const running: SecretRule[] = [];
  for (const position of [...chosen].sort((a, b) => a - b)) {
    const rule = rules[position] as SecretRule;
    if (lockFile && rule.skipInLockFiles) continue;
    if (rule.path && (path === undefined || !rule.path.test(path))) continue;
    running.push(rule);
  }
  return running;
}
