import type { DecisionResult } from '../calculate-decision';
import type { CheckResult } from '../check-result';
import type { CheckProgress } from '../production-checker';
import { checkStatus, decisionLine, formatDuration } from './report-summary';

const MARKS = { passed: '✓', not_applicable: '–', failed: '✗', warning: '!' } as const;
const TAIL_LINES = 15;

/** One line of live progress as a check starts or finishes. */
export function formatProgressLine(progress: CheckProgress): string {
  if (progress.type === 'start')
    return `… ${progress.checkName} (timeout ${formatDuration(progress.timeoutMs)})`;
  const { result } = progress;
  return `${MARKS[checkStatus(result)]} ${result.checkName.padEnd(18)} ${result.details} [${formatDuration(result.durationMs)}]`;
}

/** A finished check's line, with its failed tests, secret findings, advice, fix and output tail indented under it. */
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
  const advice = result.evidence.advice;
  if (Array.isArray(advice)) for (const line of advice) lines.push(`    advice: ${line}`);
  if (typeof result.evidence.fix === 'string') lines.push(`    fix: ${result.evidence.fix}`);
  const tail = result.evidence.output_tail;
  if (!result.passed && typeof tail === 'string' && tail.trim()) {
    lines.push('    output (last lines):');
    for (const line of tail.split('\n').slice(-TAIL_LINES)) lines.push(`      ${line}`);
  }
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
