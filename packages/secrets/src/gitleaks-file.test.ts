import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirectories } from '@tier1/core/testing';
import { describe, expect, it } from 'vitest';
import { InvalidGitleaksConfigError, readGitleaksConfigFile } from './gitleaks-file';

const tempDirectory = useTempDirectories('tier1-gitleaks-');

function project(config?: string): string {
  const root = tempDirectory();
  if (config !== undefined) writeFileSync(join(root, '.gitleaks.toml'), config);
  return root;
}

describe('readGitleaksConfigFile', () => {
  it('is empty without a file', () => {
    expect(readGitleaksConfigFile(project())).toEqual({ rules: [], allowlists: [] });
  });

  it('reads the rules and allowlists of the file', () => {
    const config = readGitleaksConfigFile(
      project(
        `[[rules]]\nid = "acme"\nregex = '''acme_[a-z]{8}'''\n[allowlist]\npaths = ['''^fixtures/''']\n`,
      ),
    );
    expect(config.rules.map((rule) => rule.id)).toEqual(['acme']);
    expect(config.allowlists).toHaveLength(1);
  });

  it('names the file and the problem for a broken file', () => {
    const root = project('[[rules]]\nid = 3\n');
    expect(() => readGitleaksConfigFile(root)).toThrow(InvalidGitleaksConfigError);
    expect(() => readGitleaksConfigFile(root)).toThrow(`${join(root, '.gitleaks.toml')}: rules[0].id`);
  });

  it('names the file and the reason when it cannot be read', () => {
    const root = project();
    mkdirSync(join(root, '.gitleaks.toml'));
    expect(() => readGitleaksConfigFile(root)).toThrow(
      `${join(root, '.gitleaks.toml')}: cannot be read (EISDIR)`,
    );
  });
});
