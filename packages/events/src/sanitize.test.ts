import { describe, expect, it } from 'vitest';
import { SNIPPET_MAX_LENGTH, sanitizeJson, sanitizeText } from './sanitize';

describe('sanitizeText', () => {
  it('cuts text to the snippet length', () => {
    const text = 'x'.repeat(5000);
    const result = sanitizeText(text);
    expect(result.length).toBe(SNIPPET_MAX_LENGTH);
    expect(result.endsWith('…')).toBe(true);
  });

  it('keeps short text as it is', () => {
    expect(sanitizeText('269 passed in 4.5s')).toBe('269 passed in 4.5s');
  });

  it.each([
    ['password=hunter2 next', 'password=[REDACTED] next'],
    ['DB_PASSWORD=hunter2', 'DB_PASSWORD=[REDACTED]'],
    ['token: abc.def.ghi', 'token: [REDACTED]'],
    ['{"api_key": "sk-123456"}', '{"api_key": "[REDACTED]"}'],
    ["apiKey='abcdef'", "apiKey='[REDACTED]'"],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'Authorization: Bearer [REDACTED]'],
    ['postgres://app:s3cr3t@db:5432/prod', 'postgres://app:[REDACTED]@db:5432/prod'],
    ['client_secret=xyz&x=1', 'client_secret=[REDACTED]&x=1'],
  ])('redacts %s', (input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  it('redacts configured secret values wherever they appear', () => {
    const result = sanitizeText('called n8n with n8n_live_4f9a2b7c and got 403', {
      secrets: ['n8n_live_4f9a2b7c'],
    });
    expect(result).toBe('called n8n with [REDACTED] and got 403');
  });

  it('redacts a configured secret that straddles the cut', () => {
    const secret = 'S'.repeat(40);
    const result = sanitizeText(`${'a'.repeat(180)}${secret}`, { secrets: [secret] });
    expect(result).not.toContain('SSSS');
  });

  it('does not redact words that only look like keys', () => {
    expect(sanitizeText('the tokenizer passed 12 tests')).toBe('the tokenizer passed 12 tests');
  });
});

describe('sanitizeJson', () => {
  it('redacts nested strings and cuts snippet fields', () => {
    const result = sanitizeJson({
      context_snippet: `${'y'.repeat(300)}`,
      nested: { details: 'password=hunter2', list: ['token=abcdef'] },
      count: 3,
    });
    expect(result.context_snippet.length).toBe(SNIPPET_MAX_LENGTH);
    expect(result.nested.details).toBe('password=[REDACTED]');
    expect(result.nested.list[0]).toBe('token=[REDACTED]');
    expect(result.count).toBe(3);
  });
});
