import { describe, expect, it } from 'vitest';
import { isModulePath } from './module-path';

describe('isModulePath', () => {
  it.each([
    ['./handlers.mjs', true],
    ['../shared/handlers.js', true],
    ['/srv/app/handlers.mjs', true],
    ['@acme/tier1-handlers', false],
    ['acme-handlers', false],
  ])('%s → %s', (specifier, expected) => {
    expect(isModulePath(specifier)).toBe(expected);
  });
});
