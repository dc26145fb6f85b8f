import { describe, expect, it } from 'vitest';
import { randomChars } from './fake-secrets';
import { looksLikeSecretValue, looksRandom } from './secret-value';

describe('looksLikeSecretValue', () => {
  it.each([
    'Zx9!qLm2#vTp',
    'Tr0ub4dor&3',
    'q7Xv2LmN9pRt4WzK8bYc',
    '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
    'monkey-Tr33!x',
    'qWeRtYzXcVbNmAsDfGhJkLpO',
    'hG7kL2pQ9sW4xZ1c-VbN8mR3tY6uI0oE',
  ])('%s looks like a secret', (value) => {
    expect(looksLikeSecretValue(value)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['short word', 'hunter2'],
    ['plain word', 'mysecretpassword'],
    ['snake case word', 'database_password'],
    ['placeholder', 'your-password-here'],
    ['change me', 'changeme123'],
    ['env reference', '${DB_PASSWORD}'],
    ['process.env', 'process.env.DB_PASSWORD'],
    ['null', 'null'],
    ['type name', 'string'],
    ['path', '/run/secrets/db_password'],
    ['relative path', './secrets/token.txt'],
    ['url', 'https://vault.internal/v1/secret'],
    ['file name', 'service-account.json'],
    ['dotted identifier', 'config.db.password'],
    ['call', 'getSecret(name)'],
    ['sentence', 'Password is required'],
    ['masked', '********'],
    ['sops', 'ENC[AES256_GCM,data:Tr0ub4dor3xx,iv:q7Xv2LmN9pRt]'],
    ['low variety', 'aaaa1111aaaa1111'],
    ['interpolated template', 'dead${round}xyz'],
    ['self-describing', 'secret-key-123'],
    ['self-describing token', 'n8n_key_9x7'],
    ['digit run', 'sk-123456'],
    ['identifier with punctuation', '?NoLineTerminatorHere'],
    ['words without a digit', 'Bearer-Auth!'],
    ['long camel-case identifier', '?NonExpressionParenKeyword'],
    ['long identifier with a short word', '?InterpolationInTemplate'],
  ])('%s is not a secret (%s)', (_label, value) => {
    expect(looksLikeSecretValue(value)).toBe(false);
  });
});

describe('looksRandom', () => {
  it('accepts a random token and rejects a repeated or example one', () => {
    const prefix = ['gh', 'p_'].join('');
    expect(looksRandom(`${prefix}${randomChars('r', 36)}`)).toBe(true);
    expect(looksRandom(`${prefix}${'0'.repeat(36)}`)).toBe(false);
    expect(looksRandom(`${prefix}EXAMPLE${randomChars('r', 29)}`)).toBe(false);
  });
});
