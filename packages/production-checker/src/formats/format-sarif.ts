import type { CheckResult } from '../check-result';
import { SECRET_RULES } from '../secrets';
import { secretFindingsOf } from './secret-findings-of';

export const SARIF_FINGERPRINT_KEY = 'tier1SecretFingerprint/v1';

export interface SarifOptions {
  toolVersion?: string;
  informationUri?: string;
}

/**
 * SARIF 2.1.0 for the secret findings, in the shape GitHub code scanning accepts
 * (docs.github.com "SARIF support for code scanning"): the driver's rules, and per result a
 * ruleId, level, message, a location relative to the repository root (%SRCROOT%) and a
 * partialFingerprints entry so an alert keeps its identity when lines move.
 */
export function formatSarifReport(results: readonly CheckResult[], options: SarifOptions = {}): string {
  const findings = secretFindingsOf(results);
  const rules = SECRET_RULES.map(({ id, description }) => ({ id, description }));
  for (const finding of findings) {
    if (!rules.some((rule) => rule.id === finding.rule))
      rules.push({ id: finding.rule, description: finding.ruleDescription });
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tier1',
            ...(options.toolVersion ? { semanticVersion: options.toolVersion } : {}),
            informationUri:
              options.informationUri ?? 'https://www.npmjs.com/package/@tier1/production-checker',
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id
                .split(/[-_]/)
                .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
                .join(''),
              shortDescription: { text: rule.description },
              fullDescription: { text: `${rule.description}: a secret committed to the repository.` },
              help: {
                text: 'Remove the secret, rotate it, and load it from the environment; if it is not a secret, add a tier1-allow comment or baseline it.',
              },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['security', 'secret'], precision: 'high', 'security-severity': '8.5' },
            })),
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: rules.findIndex((rule) => rule.id === finding.rule),
          level: 'error',
          message: { text: `${finding.ruleDescription}: ${finding.redacted}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
                region: { startLine: finding.line, startColumn: finding.column },
              },
            },
          ],
          partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
        })),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
