import { describe, expect, it } from 'vitest';
import { fakeSecrets as fake, secretSamples } from './fake-secrets';
import { parseGitleaksConfig } from './gitleaks-config';
import { redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it('replaces each secret with a marker naming its rule and keeps the text around it', () => {
    const github = fake.githubToken();
    const text = `pushed with ${github}; DB_PASSWORD=hunter22 done`;
    expect(redactSecrets(text)).toBe(
      'pushed with [REDACTED:github-token]; DB_PASSWORD=[REDACTED:secret-assignment] done',
    );
  });

  it('redacts configured values wherever they occur', () => {
    expect(
      redactSecrets('called n8n with n8n-key-1234 twice: n8n-key-1234', { values: ['n8n-key-1234'] }),
    ).toBe('called n8n with [REDACTED:configured-value] twice: [REDACTED:configured-value]');
  });

  it('is idempotent: a redacted text is left as it is', () => {
    const once = redactSecrets(`token: ${fake.slackBotToken()} and password="${fake.password()}"`);
    expect(redactSecrets(once)).toBe(once);
  });

  it('leaves text without secrets untouched', () => {
    const text = 'ran 12 tests, 0 failed; token budget 4000; keyword: value';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactSecrets on a short text it has seen before (the memo)', () => {
  const acme = `acme_${'k3y9q2w8e7r6t5y4u3i2o1p0'}`;
  const acmeConfig = parseGitleaksConfig(`[[rules]]\nid = "acme-token"\nregex = '''acme_[a-z0-9]{24}'''\n`);

  it('answers the same again, and a new configuration or list of values takes effect at once', () => {
    const text = `key ${acme}`;
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets(text, { config: acmeConfig })).toBe('key [REDACTED:acme-token]');
    expect(redactSecrets(text, { config: acmeConfig })).toBe('key [REDACTED:acme-token]');
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets(text, { values: ['key '] })).toBe(`[REDACTED:configured-value]${acme}`);
    expect(redactSecrets(text, { values: [] })).toBe(text);
  });

  it('keeps redacting once more short texts were seen than it holds', () => {
    const github = fake.githubToken();
    for (let index = 0; index < 5000; index += 1) redactSecrets(`tool-${index}`);
    expect(redactSecrets(`t ${github}`)).toBe('t [REDACTED:github-token]');
    expect(redactSecrets(`t ${github}`)).toBe('t [REDACTED:github-token]');
  });
});

describe('redactSecrets on the 17 kinds of secret of issue 10', () => {
  const configured = 'n8n-configured-value-7f3a9c';
  it.each(secretSamples(configured).map((sample) => [sample.kind, sample] as const))(
    'hides %s',
    (_kind, sample) => {
      expect(sample.text).toContain(sample.secret);
      const redacted = redactSecrets(sample.text, { values: [configured] });
      expect(redacted).not.toContain(sample.secret);
      expect(redacted).toContain('[REDACTED:');
    },
  );
});

describe('redactSecrets after characters that lower-case to two', () => {
  it('still finds an assignment that follows many İ (its keyword offset must not shift)', () => {
    const password = fake.password('dotted');
    const text = `${'İ'.repeat(30)} DB_PASSWORD=${password}`;
    expect(redactSecrets(text)).toBe(`${'İ'.repeat(30)} DB_PASSWORD=[REDACTED:secret-assignment]`);
  });
});
