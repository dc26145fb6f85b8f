import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectSecretsConfig, scanFileText } from '@tier1/secrets';
import type { SecretScanner } from './secret-gate';

/** The committed baseline `tier1 check --write-secrets-baseline` writes (docs/secret-scanning.md). */
const BASELINE_FILE = '.tier1-secrets-baseline.json';

/**
 * The fingerprints the project's baseline accepts. Read here with node:fs alone: `tier1 check`'s
 * reader validates with zod, whose import alone costs a hook process more than its whole budget
 * (docs/hook-runner.md, "Latency"). Only the fingerprints are read; a file `tier1 check` would
 * reject accepts nothing here, and `warn` says why.
 */
function readBaselineFingerprints(projectDir: string, warn: (message: string) => void): Set<string> {
  const path = join(projectDir, BASELINE_FILE);
  let value: { findings?: unknown };
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(`the secrets baseline ${path} is ignored: ${(error as Error).message.split('\n')[0]}`);
    return new Set();
  }
  const findings = Array.isArray(value?.findings) ? value.findings : undefined;
  if (!findings) {
    warn(`the secrets baseline ${path} is ignored: it has no findings list`);
    return new Set();
  }
  return new Set(
    findings.flatMap((entry: { fingerprint?: unknown }) =>
      typeof entry?.fingerprint === 'string' ? [entry.fingerprint] : [],
    ),
  );
}

/**
 * The one secret engine (`@tier1/secrets`: the rules of `tier1 check` and of the event
 * sanitiser), with the project's `.gitleaks.toml` rules and allowlists as `tier1 check` applies
 * them, once the hook has read that file (runHook's loadSecretRules).
 */
export function secretScanner(projectDir: string, warn: (message: string) => void): SecretScanner {
  return {
    scanText: (text, file) => scanFileText(text, file, projectSecretsConfig(projectDir)).findings,
    baseline: async () => readBaselineFingerprints(projectDir, warn),
  };
}
