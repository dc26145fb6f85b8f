import { howToAllow } from '@tier1/secrets';
import type { CheckDefinition } from '../check-definition';
import { scanSecrets } from '../secrets';

// Enough for every real report (SARIF is built from these); a flood of findings is cut and counted.
const LISTED_FINDINGS = 500;

/** A secret scan of the files git tracks (or of the tree, outside a repository). Passes with no findings. */
export const securityCheck: CheckDefinition = {
  name: 'security',
  severity: 'blocking',
  timeoutMs: 60_000,
  enabledByDefault: () => true,
  async run({ root, config, signal }) {
    const scan = await scanSecrets(root, { baselinePath: config.security?.baseline, signal });
    const byRule: Record<string, number> = {};
    for (const finding of scan.findings) byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
    const evidence = {
      findings_count: scan.findings.length,
      allowed_count: scan.allowed,
      files_scanned: scan.filesScanned,
      bytes_scanned: scan.bytesScanned,
      file_source: scan.fileSource,
      by_rule: byRule,
      // Only redacted values are ever kept: the scanner never returns a secret itself.
      findings: scan.findings.slice(0, LISTED_FINDINGS),
      findings_truncated: scan.findings.length > LISTED_FINDINGS,
    };
    if (scan.findings.length === 0) {
      return {
        passed: true,
        details: `no secrets in ${scan.filesScanned} files${scan.allowed > 0 ? ` (${scan.allowed} allowed)` : ''}`,
        evidence,
        confidence: 95,
      };
    }
    const first = scan.findings[0];
    const where = first
      ? ` (first: ${first.rule}${first.key ? ` (key ${first.key})` : ''} in ${first.file}:${first.line})`
      : '';
    return {
      passed: false,
      details: `${scan.findings.length} secret${scan.findings.length === 1 ? '' : 's'} found${where}`,
      evidence: {
        ...evidence,
        // A real secret is removed and rotated; one the team judges harmless is accepted, per file kind.
        fix: `remove and rotate each secret; to accept one as harmless, ${howToAllow(first?.file ?? '')}`,
      },
      confidence: 95,
    };
  },
};
