import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirectories } from '@tier1/core/testing';
import { describe, expect, it } from 'vitest';
import { InvalidGitleaksConfigError, readGitleaksConfig } from './gitleaks-file';

const tempDirectory = useTempDirectories('tier1-gitleaks-');

function project(config: string): string {
  const root = tempDirectory();
  writeFileSync(join(root, '.gitleaks.toml'), config);
  return root;
}

// How the file is read is tested beside @tier1/secrets' readGitleaksConfigFile; here, that the
// scan gets its result, or its error, as a promise.
describe('readGitleaksConfig', () => {
  it('resolves to the rules of the file', async () => {
    const config = await readGitleaksConfig(project(`[[rules]]\nid = "acme"\nregex = '''acme_[a-z]{8}'''\n`));
    expect(config.rules.map((rule) => rule.id)).toEqual(['acme']);
  });

  it('rejects a broken file with an InvalidGitleaksConfigError naming it', async () => {
    const root = project('[[rules]]\nid = 3\n');
    const reading = readGitleaksConfig(root);
    await expect(reading).rejects.toThrow(InvalidGitleaksConfigError);
    await expect(reading).rejects.toThrow(`${join(root, '.gitleaks.toml')}: rules[0].id`);
  });
});
