import { describe, expect, it } from 'vitest';
import { fakeSecrets as fake, randomChars } from './fake-secrets';
import { GitleaksConfigError, goRegExp, parseGitleaksConfig } from './gitleaks-config';
import { findSecrets } from './scan-text';

const CONFIG = `
title = "project rules"
[extend]
useDefault = true

[[rules]]
id = "acme-api-key"
description = "ACME API key"
regex = '''(?i)acme[_-]?key\\s*=\\s*"?(acme_[a-z0-9]{24})'''
keywords = ["acme"]
entropy = 3

[[rules.allowlists]]
stopwords = ["acme_sandbox"]

[allowlist]
description = "fixtures"
paths = ['''^test/fixtures/''']

[[allowlists]]
regexTarget = "line"
regexes = ['''DEMO_ONLY''']
`;

describe('parseGitleaksConfig', () => {
  const config = parseGitleaksConfig(CONFIG);
  const acme = `acme_${randomChars('acme', 24, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;

  it('adds the project rules, with their keywords, secret group and entropy', () => {
    const [finding] = findSecrets(`ACME_KEY="${acme}"`, { path: 'src/env.sh', config });
    expect(finding).toMatchObject({ rule: 'acme-api-key', isAllowed: false });
    expect(findSecrets('ACME_KEY="acme_aaaaaaaaaaaaaaaaaaaaaaaa"', { path: 'a.sh', config })).toEqual([]);
  });

  it('honours global allowlists by path and by line, and a rule allowlist by stopword', () => {
    const github = `GH=${fake.githubToken()}`;
    expect(findSecrets(github, { path: 'test/fixtures/a.json', config })[0]?.allowedBy).toBe('allowlist');
    expect(findSecrets(`${github} DEMO_ONLY`, { path: 'src/a.ts', config })[0]?.allowedBy).toBe('allowlist');
    expect(findSecrets(github, { path: 'src/a.ts', config })[0]?.isAllowed).toBe(false);
    const sandbox = 'acme_key = "acme_sandbox7q2w9e4r1t6y3u8i0"';
    expect(findSecrets(sandbox, { path: 'src/a.sh', config })[0]?.allowedBy).toBe('allowlist');
  });

  it('reads the older single [rules.allowlist] table too', () => {
    const older = parseGitleaksConfig(
      `[[rules]]\nid = "x"\nregex = '''x_[0-9]{8}'''\n[rules.allowlist]\nregexes = ['''x_0''']\n`,
    );
    expect(older.allowlists).toHaveLength(1);
    expect(older.allowlists[0]?.ruleIds).toEqual(['x']);
  });

  it.each([
    ['invalid TOML', 'rules = [', /not valid TOML \(line 1/],
    ['a rule without an id', '[[rules]]\nregex = "a"', /rules\[0\]\.id/],
    ['a bad regex', '[[rules]]\nid = "bad"\nregex = "a("', /rules\.bad\.regex/],
    ['a bad regexTarget', '[allowlist]\nregexTarget = "file"', /regexTarget/],
  ])('rejects %s with a message naming the place', (_label, text, message) => {
    expect(() => parseGitleaksConfig(text)).toThrow(GitleaksConfigError);
    expect(() => parseGitleaksConfig(text)).toThrow(message);
  });

  it('never quotes the file in an error', () => {
    const secret = fake.githubToken('p', 'in-config');
    try {
      parseGitleaksConfig(`x = "${secret}`);
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});

describe('goRegExp', () => {
  it('turns RE2 inline flags and named groups into JavaScript', () => {
    const regex = goRegExp('(?i)(?P<word>abc)\\z', 'x');
    expect(regex.flags).toContain('i');
    expect(regex.exec('xABC')?.groups?.word).toBe('ABC');
  });
});
