import type { CheckResult } from '../check-result';
import { checkStatus } from './report-summary';
import { secretFindingsOf } from './secret-findings-of';

// Workflow command escaping (docs.github.com "Workflow commands for GitHub Actions", and
// @actions/core's command.ts): data escapes % CR LF; property values also : and ,.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(
  level: 'error' | 'warning',
  properties: Record<string, string | number>,
  message: string,
): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${level} ${props}::${escapeData(message)}`;
}

/**
 * GitHub Actions annotations: an error on the line of each secret finding, an error for each
 * other failed blocking check, a warning for advisory failures and checks with nothing to run.
 */
export function formatGithubAnnotations(results: readonly CheckResult[]): string[] {
  const lines = secretFindingsOf(results).map((finding) =>
    command(
      'error',
      { file: finding.file, line: finding.line, col: finding.column, title: `tier1: ${finding.rule}` },
      `${finding.ruleDescription}: ${finding.redacted}`,
    ),
  );
  for (const result of results) {
    const status = checkStatus(result);
    if (
      status === 'passed' ||
      status === 'not_applicable' ||
      (result.checkName === 'security' && secretFindingsOf([result]).length > 0)
    )
      continue;
    lines.push(
      command(
        status === 'failed' ? 'error' : 'warning',
        { title: `tier1 check: ${result.checkName}` },
        typeof result.evidence.fix === 'string'
          ? `${result.details} (fix: ${result.evidence.fix})`
          : result.details,
      ),
    );
  }
  return lines;
}
