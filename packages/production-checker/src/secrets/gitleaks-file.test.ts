import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidGitleaksConfigError, readGitleaksConfig } from './gitleaks-file';

describe('readGitleaksConfig', () => {
  const roots: string[] = [];
  const project = (config?: string) => {
    const root = mkdtempSync(join(tmpdir(), 'tier1-gitleaks-'));
    roots.push(root);
    if (config !== undefined) writeFileSync(join(root, '.gitleaks.toml'), config);
    return root;
  };
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('is empty without a file', async () => {
    expect(await readGitleaksConfig(project())).toEqual({ rules: [], allowlists: [] });
  });

  it('reads the rules and allowlists of the file', async () => {
    const config = await readGitleaksConfig(
      project(
        `[[rules]]\nid = "acme"\nregex = '''acme_[a-z]{8}'''\n[allowlist]\npaths = ['''^fixtures/''']\n`,
      ),
    );
    expect(config.rules.map((rule) => rule.id)).toEqual(['acme']);
    expect(config.allowlists).toHaveLength(1);
  });

  it('names the file and the problem for a broken file', async () => {
    const root = project('[[rules]]\nid = 3\n');
    await expect(readGitleaksConfig(root)).rejects.toThrow(InvalidGitleaksConfigError);
    await expect(readGitleaksConfig(root)).rejects.toThrow(`${join(root, '.gitleaks.toml')}: rules[0].id`);
  });
});
