import type { DecisionResult } from '../calculate-decision';
import type { CheckResult } from '../check-result';
import { checkStatus, DECISION_LABELS, decisionLine, formatDuration } from './report-summary';

const ICONS = { passed: '✅', not_applicable: '➖', failed: '❌', warning: '⚠️' } as const;
const DECISION_ICONS = { go: '✅', warning: '⚠️', no_go: '❌' } as const;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A markdown report for a pull request, `$GITHUB_STEP_SUMMARY` or the /production-check command. */
export function formatMarkdownReport(
  results: readonly CheckResult[],
  decision: DecisionResult,
  options: { root?: string } = {},
): string {
  const lines = [
    `## ${DECISION_ICONS[decision.decision]} Production check: ${DECISION_LABELS[decision.decision]}`,
    '',
    `${decisionLine(decision)}${options.root ? ` for \`${options.root}\`` : ''}`,
    '',
    '| Check | Result | Severity | Details | Time |',
    '| --- | --- | --- | --- | --- |',
    ...results.map((result) => {
      const status = checkStatus(result);
      return `| ${result.checkName} | ${ICONS[status]} ${result.skipped ? 'skipped' : status.replace('_', ' ')} | ${result.severity} | ${cell(result.details)} | ${formatDuration(result.durationMs)} |`;
    }),
  ];
  for (const result of results) {
    const failedTests = Array.isArray(result.evidence.failed_tests)
      ? (result.evidence.failed_tests as string[])
      : [];
    const findings = Array.isArray(result.evidence.findings)
      ? (result.evidence.findings as { file: string; line: number; rule: string; redacted: string }[])
      : [];
    const fix = !result.passed && typeof result.evidence.fix === 'string' ? result.evidence.fix : undefined;
    const tail =
      !result.passed && typeof result.evidence.output_tail === 'string' ? result.evidence.output_tail : '';
    const advice = Array.isArray(result.evidence.advice) ? (result.evidence.advice as string[]) : [];
    if (failedTests.length === 0 && findings.length === 0 && advice.length === 0 && !fix && !tail.trim())
      continue;
    lines.push('', `### ${result.checkName}`, '');
    for (const name of failedTests) lines.push(`- failed: ${cell(name)}`);
    for (const finding of findings.slice(0, 50))
      lines.push(`- \`${finding.file}:${finding.line}\` ${finding.rule}: \`${finding.redacted}\``);
    for (const line of advice) lines.push(`- advice: ${cell(line)}`);
    if (fix) lines.push(`- fix: ${cell(fix)}`);
    if (tail.trim()) lines.push('', '```text', tail.replace(/```/g, "'''"), '```');
  }
  return `${lines.join('\n')}\n`;
}
