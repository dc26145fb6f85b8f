import { describe, expect, it } from 'vitest';
import { fakeSecrets as fake } from './fake-secrets';
import { findSecrets, scanFileText, scanText } from './scan-text';

describe('scanText', () => {
  it('reports file, 1-based line and column of the value, and sorts by position', () => {
    const npm = fake.npmToken();
    const keyId = fake.awsAccessKeyId();
    const text = ['# settings', `  NPM_TOKEN=${npm}`, `AWS_ACCESS_KEY_ID=${keyId}`].join('\n');
    const findings = scanText(text, 'deploy/.env');
    expect(findings.map(({ file, line, column, rule }) => ({ file, line, column, rule }))).toEqual([
      { file: 'deploy/.env', line: 2, column: 13, rule: 'npm-token' },
      { file: 'deploy/.env', line: 3, column: 19, rule: 'aws-access-key-id' },
    ]);
  });

  it('handles CRLF line endings and a secret on the last line without a newline', () => {
    const findings = scanText(`a=1\r\nb=2\r\nkey ${fake.githubToken()}`, 'x.txt');
    expect(findings.map(({ line, column }) => ({ line, column }))).toEqual([{ line: 3, column: 5 }]);
  });

  it('never puts the raw value anywhere in its result', () => {
    const secrets = [fake.githubToken(), fake.stripeLive(), fake.password(), fake.jwt(), fake.anthropicKey()];
    const text = [
      `GH=${secrets[0]}`,
      `stripe: ${secrets[1]}`,
      `DB_PASSWORD=${secrets[2]}`,
      `AUTH=${secrets[3]}`,
      `postgres://app:${secrets[2]}@db/app`,
      `CLAUDE=${secrets[4]}`,
    ].join('\n');
    const result = scanFileText(text, '.env');
    expect(result.findings).toHaveLength(6);
    const json = JSON.stringify(result);
    for (const secret of secrets) expect(json.includes(secret ?? '')).toBe(false);
  });

  it('gives the same fingerprint when the secret moves to another line', () => {
    const token = fake.gitlabToken();
    const [before] = scanText(`T=${token}`, 'a.env');
    const [after] = scanText(`\n\n# moved\nT=${token}`, 'a.env');
    expect(after?.fingerprint).toBe(before?.fingerprint);
    expect(after?.line).toBe(4);
  });

  it('finds nothing in ordinary source code', () => {
    const source = [
      "import { readFile } from 'node:fs/promises';",
      'export async function load(path: string, token = process.env.API_TOKEN) {',
      "  const password = await prompt('Password: ');",
      '  const url = `postgres://${user}:${password}@${host}/app`;',
      '  return { token, url, secret: options.secret };',
      '}',
    ].join('\n');
    expect(scanText(source, 'src/load.ts')).toEqual([]);
  });
});

describe('tier1-allow comments', () => {
  it('suppresses a finding with tier1-allow on its line and counts it as allowed', () => {
    const result = scanFileText(
      `KEY=${fake.npmToken()} # tier1-allow: revoked, kept for the parser test`,
      '.env',
    );
    expect(result).toEqual({ findings: [], allowed: 1 });
  });

  it('suppresses only the line after tier1-allow-next-line', () => {
    const text = [
      '// tier1-allow-next-line',
      `const a = '${fake.stripeLive('a')}';`,
      `const b = '${fake.stripeLive('b')}';`,
    ].join('\n');
    const result = scanFileText(text, 'src/keys.ts');
    expect(result.allowed).toBe(1);
    expect(result.findings.map((finding) => finding.line)).toEqual([3]);
  });
});

describe('findSecrets', () => {
  it('names the key a generic secret was assigned to, and its value offsets', () => {
    const password = fake.password();
    const text = `{"DB_PASSWORD": "${password}"}`;
    const [finding] = findSecrets(text, { path: 'config/app.json' });
    expect(finding).toMatchObject({ rule: 'secret-assignment', key: 'DB_PASSWORD', isAllowed: false });
    expect(text.slice(finding?.start, finding?.end)).toBe(password);
  });

  it('treats percent-encoded URL test data as data, not a password (issue 12)', () => {
    const fixture = JSON.stringify({
      url: 'https://example.org/?q=1',
      password: 'pass%5B%7F',
      user: 'a%00b',
    });
    expect(findSecrets(fixture, { path: 'test/fixtures/urls.json' })).toEqual([]);
  });

  it('does not flag a TypeScript type in a source map (drizzle-orm .map files)', () => {
    const map = JSON.stringify({
      version: 3,
      sourcesContent: [
        'export interface Options {\n  token: Exclude<HTTPQueryOptions<boolean>, undefined>;\n}',
      ],
    });
    expect(findSecrets(map, { path: 'node_modules/drizzle-orm/index.js.map' })).toEqual([]);
  });

  it('marks findings accepted by a comment, a gitleaks:allow, the baseline or an allowlist', () => {
    const keyId = fake.awsAccessKeyId('allowed');
    const npm = fake.npmToken('baselined');
    const github = fake.githubToken('p', 'listed');
    const text = [`A=${keyId} # gitleaks:allow`, `B=${npm}`, `C=${github}`].join('\n');
    const baseline = new Set([findSecrets(text, { path: 'x.env' })[1]?.fingerprint ?? '']);
    const config = {
      rules: [],
      allowlists: [
        {
          paths: [],
          regexes: [/^ghp_/],
          regexTarget: 'secret' as const,
          stopwords: [],
          condition: 'OR' as const,
          ruleIds: ['github-token'],
        },
      ],
    };
    const findings = findSecrets(text, { path: 'x.env', baseline, config });
    expect(findings.map(({ rule, allowedBy }) => [rule, allowedBy])).toEqual([
      ['aws-access-key-id', 'comment'],
      ['npm-token', 'baseline'],
      ['github-token', 'allowlist'],
    ]);
  });

  it('redacts on doubt in strict mode only', () => {
    expect(findSecrets('password=hunter2', { strict: true }).map((f) => f.rule)).toEqual([
      'secret-assignment',
    ]);
    expect(findSecrets('password=hunter2')).toEqual([]);
  });
});
