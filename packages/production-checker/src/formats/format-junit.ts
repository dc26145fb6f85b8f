import type { CheckResult } from '../check-result';

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] as string,
  );
}

/**
 * JUnit XML with one <testcase> per check, so CI test-report views show the checks: a failed
 * check has a <failure>, a check with nothing to run a <skipped>.
 */
export function formatJunitReport(results: readonly CheckResult[]): string {
  const failures = results.filter((result) => !result.passed && !result.skipped).length;
  const skipped = results.filter((result) => result.skipped).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = results.reduce((sum, result) => sum + result.durationMs, 0);
  const cases = results.map((result) => {
    const open = `    <testcase classname="tier1.check" name="${escapeXml(result.checkName)}" time="${seconds(result.durationMs)}"`;
    if (result.passed) return `${open}/>`;
    const body = result.skipped
      ? `      <skipped message="${escapeXml(result.details)}"/>`
      : `      <failure message="${escapeXml(result.details)}" type="${result.severity}">${escapeXml(JSON.stringify(result.evidence, null, 2))}</failure>`;
    return `${open}>\n${body}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tier1 check" tests="${results.length}" failures="${failures}" skipped="${skipped}" time="${seconds(total)}">`,
    `  <testsuite name="production-check" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
