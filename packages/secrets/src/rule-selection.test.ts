import { describe, expect, it } from 'vitest';
import { parseGitleaksConfig } from './gitleaks-config';
import { activeRules, keywordIndexFor, rulesToRun } from './rule-selection';
import { RULES } from './rules';
import { EMPTY_SECRETS_CONFIG } from './secrets-config';

const config = parseGitleaksConfig(`
[[rules]]
id = "jwt"
description = "the project's own JWT rule"
regex = '''eyJ[A-Za-z0-9_-]{20,}'''
keywords = ["eyj"]

[[rules]]
id = "acme-key"
regex = '''acme_[a-z0-9]{24}'''
keywords = ["acme_"]
path = '''\\.env$'''
`);

describe('activeRules', () => {
  it('gives every rule the same properties in the same order', () => {
    const shapes = new Set(activeRules(config).map((rule) => Object.keys(rule).join()));
    expect(shapes.size).toBe(1);
    expect(activeRules(EMPTY_SECRETS_CONFIG).map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
  });

  it("adds a project's rules, one with a built-in id replacing it, once per configuration", () => {
    const rules = activeRules(config);
    expect(rules.filter((rule) => rule.id === 'jwt').map((rule) => rule.description)).toEqual([
      "the project's own JWT rule",
    ]);
    expect(rules.at(-1)?.id).toBe('acme-key');
    expect(activeRules(config)).toBe(rules);
    expect(keywordIndexFor(activeRules(config))).toBe(keywordIndexFor(rules));
  });
});

describe('rulesToRun', () => {
  const rules = activeRules(config);
  const ids = (text: string, path: string, lockFile = false) =>
    rulesToRun(rules, keywordIndexFor(rules).find(text), path, lockFile).map((rule) => rule.id);

  it("runs, in the rules' order, those whose keywords the text holds, on the files their path allows", () => {
    expect(ids('acme_x api_key eyJ', 'deploy/.env')).toEqual(['secret-assignment', 'jwt', 'acme-key']);
    expect(ids('acme_x api_key', 'src/a.ts')).toEqual(['secret-assignment']);
    expect(ids('api_key', 'package-lock.json', true)).toEqual([]);
    // `key` alone (`keyof`) is not one of the generic rule's keywords: no name can end there.
    expect(ids('keyof T', 'a.env')).toEqual([]);
  });

  it('always runs a rule without keywords', () => {
    const keywordless = parseGitleaksConfig(`
[[rules]]
id = "internal-id"
regex = '''INT-[0-9]{6}'''
`);
    const withIt = activeRules(keywordless);
    expect(
      rulesToRun(withIt, keywordIndexFor(withIt).find('nothing'), 'a.txt', false).map((r) => r.id),
    ).toEqual(['internal-id']);
  });
});
