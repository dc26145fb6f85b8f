import { describe, expect, it } from 'vitest';
import { fakeSecrets as fake, secretSamples } from './fake-secrets';
import { parseGitleaksConfig } from './gitleaks-config';
import { scanFileBytes } from './scan-file-bytes';
import { scanFileText } from './scan-text';

const samples = secretSamples().map((sample) => sample.text);

/** The same file as bytes and as text: what `tier1 check` reads, and what the engine was given before. */
function bothWays(text: string, file: string, config = parseGitleaksConfig('')) {
  return {
    bytes: scanFileBytes(Buffer.from(text, 'utf8'), file, config),
    text: scanFileText(text, file, config),
  };
}

describe('scanFileBytes', () => {
  it('finds what scanFileText finds in an ASCII file, short or long', () => {
    const short = samples.join('\n');
    const long = `${'const x = 1; // filler with key and token words\n'.repeat(400)}${short}`;
    for (const text of [short, long]) {
      const { bytes, text: expected } = bothWays(text, 'deploy/.env');
      expect(bytes.findings.length).toBeGreaterThan(10);
      expect(bytes).toEqual(expected);
    }
  });

  it('finds the same in a UTF-8 file, with columns counted in characters', () => {
    const text = `# Réglages ✓ 😀\n${samples.join('\n')}\nAPI_KEY="${fake.password('utf8')}" # clé`;
    const { bytes, text: expected } = bothWays(text, 'config/app.env');
    expect(bytes.findings.length).toBeGreaterThan(10);
    expect(bytes).toEqual(expected);
  });

  it('returns nothing for a file without any rule keyword, and honours allow comments', () => {
    expect(scanFileBytes(Buffer.from('export const answer = 42;\n'), 'src/a.ts')).toEqual({
      findings: [],
      allowed: 0,
    });
    const allowed = `NPM_TOKEN=${fake.npmToken()} # tier1-allow: revoked`;
    expect(scanFileBytes(Buffer.from(allowed), '.env')).toEqual({ findings: [], allowed: 1 });
  });

  it("runs a project's rule without keywords on every file", () => {
    const config = parseGitleaksConfig(`
[[rules]]
id = "internal-id"
regex = '''INT-[0-9]{6}-[A-Z]{4}'''
`);
    const { bytes } = bothWays('ticket INT-123456-ABCD closed', 'notes.txt', config);
    expect(bytes.findings.map((finding) => finding.rule)).toEqual(['internal-id']);
  });
});
