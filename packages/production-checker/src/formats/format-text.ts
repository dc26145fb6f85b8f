import type { DecisionResult } from '../calculate-decision';
import type { CheckResult } from '../check-result';
import type { CheckProgress } from '../production-checker';
import { checkStatus, decisionLine, formatDuration } from './report-summary';

const MARKS = { passed: '✓', failed: '✗', warning: '!' } as const;

/** One line of live progress as a check starts or finishes. */
export function formatProgressLine(progress: CheckProgress): string {
  if (progress.type === 'start')
    return `… ${progress.checkName} (timeout ${formatDuration(progress.timeoutMs)})`;
  const { result } = progress;
  return `${MARKS[checkStatus(result)]} ${result.checkName.padEnd(18)} ${result.details} [${formatDuration(result.durationMs)}]`;
}

/** A finished check's line, with its failed tests, secret findings and fix indented under it. */
export function formatCheckLines(result: CheckResult): string[] {
  const lines = [formatProgressLine({ type: 'finish', result })];
  const failedTests = result.evidence.failed_tests;
  if (Array.isArray(failedTests)) for (const name of failedTests) lines.push(`    failed: ${name}`);
  const findings = result.evidence.findings;
  if (Array.isArray(findings)) {
    for (const finding of findings.slice(0, 20) as {
      file: string;
      line: number;
      rule: string;
      key?: string;
      redacted: string;
    }[]) {
      const key = finding.key ? ` ${finding.key}=` : ' ';
      lines.push(`    ${finding.file}:${finding.line} ${finding.rule}${key}${finding.redacted}`);
    }
  }
  if (typeof result.evidence.fix === 'string') lines.push(`    fix: ${result.evidence.fix}`);
  return lines;
}

/** The readable report: each check's lines, then the decision. */
export function formatTextReport(
  results: readonly CheckResult[],
  decision: DecisionResult,
  options: { root?: string } = {},
): string {
  const lines: string[] = options.root ? [`tier1 check ${options.root}`, ''] : [];
  for (const result of results) lines.push(...formatCheckLines(result));
  lines.push('', decisionLine(decision));
  return lines.join('\n');
}
