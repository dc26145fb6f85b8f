import { describe, expect, it } from 'vitest';
import { CUT_TOO_DEEP, MAX_JSON_DEPTH, SNIPPET_MAX_LENGTH, sanitizeJson, sanitizeText } from './sanitize';
import { storableText } from './storable-text';

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
    ['password=hunter2 next', 'password=[REDACTED:secret-assignment] next'],
    ['DB_PASSWORD=hunter2', 'DB_PASSWORD=[REDACTED:secret-assignment]'],
    ['token: abc.def.ghi', 'token: [REDACTED:secret-assignment]'],
    ['{"api_key": "sk-123456"}', '{"api_key": "[REDACTED:secret-assignment]"}'],
    ["apiKey='abcdef'", "apiKey='[REDACTED:secret-assignment]'"],
    [
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
      'Authorization: Bearer [REDACTED:bearer-token]',
    ],
    [
      'postgres://app:s3cr3t@db:5432/prod',
      'postgres://app:[REDACTED:connection-string-password]@db:5432/prod',
    ],
    ['client_secret=xyz&x=1', 'client_secret=[REDACTED:secret-assignment]&x=1'],
  ])('redacts %s', (input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  it('redacts configured secret values wherever they appear', () => {
    const result = sanitizeText('called n8n with n8n_live_4f9a2b7c and got 403', {
      secrets: ['n8n_live_4f9a2b7c'],
    });
    expect(result).toBe('called n8n with [REDACTED:configured-value] and got 403');
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
    expect(result.nested.details).toBe('password=[REDACTED:secret-assignment]');
    expect(result.nested.list[0]).toBe('token=[REDACTED:secret-assignment]');
    expect(result.count).toBe(3);
  });
});

describe('sanitizeJson on hostile input', () => {
  it('makes keys and values storable and cuts nesting deeper than MAX_JSON_DEPTH', () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < MAX_JSON_DEPTH + 10; level += 1) deep = { level: deep };
    const result = sanitizeJson({ 'k\u0000ey': 'v\ud800', deep }) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['k\u2400ey', 'deep']);
    expect(result['k\u2400ey']).toBe('v\ufffd');
    let node = result.deep;
    let depth = 1;
    while (typeof node === 'object' && node !== null) {
      node = (node as { level: unknown }).level;
      depth += 1;
    }
    expect(node).toBe(CUT_TOO_DEEP);
    expect(depth).toBe(MAX_JSON_DEPTH);
  });

  it('never cuts a text between the halves of a surrogate pair', () => {
    const result = sanitizeText(`${'a'.repeat(SNIPPET_MAX_LENGTH - 2)}😀😀😀`);
    expect(storableText(result)).toBe(result);
  });
});
