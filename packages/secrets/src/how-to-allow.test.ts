import { describe, expect, it } from 'vitest';
import { howToAllow } from './how-to-allow';

describe('howToAllow', () => {
  it('offers an allow comment where the file kind has comments', () => {
    expect(howToAllow('src/config.ts')).toMatch(/tier1-allow/);
    expect(howToAllow('.env')).toMatch(/tier1-allow/);
  });

  it('offers the baseline or a .gitleaks.toml path for JSON, which cannot carry a comment', () => {
    const hint = howToAllow('test/fixtures/urls.json');
    expect(hint).not.toMatch(/tier1-allow/);
    expect(hint).toMatch(/--write-secrets-baseline/);
    expect(hint).toMatch(/\.gitleaks\.toml/);
  });
});
