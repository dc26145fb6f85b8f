import type { DecisionResult } from '../calculate-decision';
import type { CheckResult } from '../check-result';

/** The machine-readable report: the decision first, then every CheckResult as the checker returned it. */
export function formatJsonReport(
  results: readonly CheckResult[],
  decision: DecisionResult,
  options: { root?: string } = {},
): string {
  return `${JSON.stringify({ root: options.root, ...decision, checks: results }, null, 2)}\n`;
}
