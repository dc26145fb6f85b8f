import { describe, expect, it } from 'vitest';
import { parseGitleaksConfig } from './gitleaks-config';
import { KeywordIndex } from './keyword-index';
import { activeRules, keywordIndexFor, runsOn } from './rule-selection';
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

describe('runsOn', () => {
  const acme = activeRules(config).find((rule) => rule.id === 'acme-key');
  const generic = activeRules(config).find((rule) => rule.id === 'secret-assignment');
  const hits = new KeywordIndex(['acme_', '_key']).find('acme_x api_key');

  it('runs a rule whose keyword the text holds, on the files its path allows', () => {
    if (!acme || !generic) throw new Error('rules missing');
    expect(runsOn(acme, hits, 'deploy/.env', false)).toBe(true);
    expect(runsOn(acme, hits, 'src/a.ts', false)).toBe(false);
    expect(runsOn(generic, hits, 'a.env', false)).toBe(true);
    expect(runsOn(generic, hits, 'package-lock.json', true)).toBe(false);
    // `key` alone (`keyof`) is not one of the generic rule's keywords: no name can end there.
    expect(runsOn(generic, new KeywordIndex(['key']).find('keyof T'), 'a.env', false)).toBe(false);
  });
});
