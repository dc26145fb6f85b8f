import { describe, expect, it } from 'vitest';
import { isEnvReference, isPlaceholder } from './placeholder';

describe('isPlaceholder', () => {
  it.each([
    'changeme',
    'your-api-key',
    'YOUR_TOKEN_HERE',
    'xxx',
    'xxxxxxxxxxxxxxxx',
    '<password>',
    '{{ api_key }}',
    'example-secret-value',
    'dummy-token-123',
    'test1234',
    ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
    '***',
    '********',
    'aaaaaaaaaaaaaaaaaaaa',
    'AKIA0000000000000000',
    'sk-abcdefghijklmnopqrstuvwxyz',
    '...',
    'REDACTED',
  ])('%s is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each(['q7Xv2LmN9pRt4WzK8bYc', 'Zx9!qLm2#vTp', 'wJ4lrXUtnFM9K7MDxNGbPxRfiCY3Q8ZkRr2bW1vA'])(
    '%s is not a placeholder',
    (value) => {
      expect(isPlaceholder(value)).toBe(false);
    },
  );
});

describe('isEnvReference', () => {
  it.each([
    '${DB_PASSWORD}',
    '${DB_PASSWORD:-}',
    '$API_KEY',
    '%API_KEY%',
    '{{ secrets.NPM_TOKEN }}',
    'process.env.STRIPE_KEY',
    "process.env['STRIPE_KEY']",
    'import.meta.env.VITE_KEY',
    "os.environ['API_KEY']",
    'os.environ.get("API_KEY")',
    'os.getenv("API_KEY")',
    'ENV["API_KEY"]',
    'env("API_KEY")',
    'System.getenv("API_KEY")',
  ])('%s is an environment reference', (value) => {
    expect(isEnvReference(value)).toBe(true);
  });

  it.each(['q7Xv2LmN9pRt4WzK8bYc', 'price$5', 'environment'])('%s is not', (value) => {
    expect(isEnvReference(value)).toBe(false);
  });
});
