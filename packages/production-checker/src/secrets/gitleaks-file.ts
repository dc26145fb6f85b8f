import { readGitleaksConfigFile, type SecretsConfig } from '@tier1/secrets';

export { GITLEAKS_CONFIG_FILE, InvalidGitleaksConfigError } from '@tier1/secrets';

/**
 * The project's own rules and allowlists from `<root>/.gitleaks.toml`; none when there is no such
 * file. Read by @tier1/secrets, which reads it for the audit trail's redaction too; a promise, as
 * the scan's other inputs are.
 */
export async function readGitleaksConfig(root: string): Promise<SecretsConfig> {
  return readGitleaksConfigFile(root);
}
