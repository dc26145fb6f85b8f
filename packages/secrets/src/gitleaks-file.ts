import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitleaksConfigError, parseGitleaksConfig } from './gitleaks-config';
import { EMPTY_SECRETS_CONFIG, type SecretsConfig } from './secrets-config';

/** Where a project that uses gitleaks keeps its configuration, relative to the root. */
export const GITLEAKS_CONFIG_FILE = '.gitleaks.toml';

/** The project's .gitleaks.toml is there but cannot be used: GitleaksConfigError with the file's path. */
export class InvalidGitleaksConfigError extends GitleaksConfigError {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
  }
}

/**
 * The project's own rules and allowlists from `<root>/.gitleaks.toml`; none when there is no such
 * file. The one reader of the file: `tier1 check`'s scanner and the audit trail's redaction
 * (useProjectSecretRules) read it alike.
 */
export function readGitleaksConfigFile(root: string): SecretsConfig {
  const path = join(root, GITLEAKS_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_SECRETS_CONFIG;
    throw new InvalidGitleaksConfigError(path, `cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    return parseGitleaksConfig(text);
  } catch (error) {
    if (GitleaksConfigError.isInstance(error)) throw new InvalidGitleaksConfigError(path, error.problem);
    throw error;
  }
}
