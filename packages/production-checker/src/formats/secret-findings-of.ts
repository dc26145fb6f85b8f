import type { SecretFinding } from '@tier1/secrets';
import type { CheckResult } from '../check-result';

/** The secret findings a security check's evidence carries (none for any other check). */
export function secretFindingsOf(results: readonly CheckResult[]): SecretFinding[] {
  return results.flatMap((result) =>
    result.checkName === 'security' && Array.isArray(result.evidence.findings)
      ? (result.evidence.findings as SecretFinding[])
      : [],
  );
}
