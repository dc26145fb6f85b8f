import { describe, expect, it } from 'vitest';
import { fakeSecrets as fake } from '../../test/secrets-fixtures';
import { scanFileText, scanText } from './scan-text';

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
