import { resolve } from 'node:path';
import { Tier1Error } from '@tier1/core';
import { readGitleaksConfigFile } from './gitleaks-file';
import type { SecretsConfig } from './secrets-config';
import { addProjectConfig, claimProjectRoot, readProjectConfig } from './trail-rules';

const toStderr = (message: string) => {
  process.stderr.write(`tier1: ${message}\n`);
};

/**
 * Adds the `[[rules]]` of `<root>/.gitleaks.toml` to every redaction of the audit trail in this
 * process (redactSecrets: events in the spool and the store, the hook's session mirrors), so
 * what `tier1 check` flags there is never written in the clear. Its allowlists are left out:
 * they accept a secret in a repository, never in the trail. Each root is read once per process,
 * and the whole file, allowlists too, is then what projectSecretsConfig gives for it.
 * A file that cannot be used loses no event: `warn` is told once, naming the file and the fix,
 * and the built-in rules go on alone.
 */
export function useProjectSecretRules(root: string, warn: (message: string) => void = toStderr): void {
  const absoluteRoot = resolve(root);
  if (!claimProjectRoot(absoluteRoot)) return;
  try {
    addProjectConfig(absoluteRoot, readGitleaksConfigFile(absoluteRoot));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const fix = Tier1Error.isInstance(error) && error.hint ? `; ${error.hint}` : '';
    warn(
      `${message}${fix}. Meanwhile events are still recorded, redacted with the built-in secret rules only`,
    );
  }
}

/**
 * The project's `.gitleaks.toml` (rules and allowlists) as useProjectSecretRules read it in this
 * process, for a scan of the project's own files as `tier1 check` makes it (the hook's secret
 * gate): nothing is read here, so a hook process that did not load the TOML reader can use the
 * file that another bundle of it read. None when the root was not read, or its file was absent
 * or could not be used.
 */
export function projectSecretsConfig(root: string): SecretsConfig {
  return readProjectConfig(resolve(root));
}
