import type { TestCounts } from './test-counts';
import { MAX_FAILED_NAMES } from './test-counts';

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeXml(match[1] as string) : undefined;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[name.toLowerCase()]) return named[name.toLowerCase()] as string;
    const code =
      name[1]?.toLowerCase() === 'x'
        ? Number.parseInt(name.slice(2), 16)
        : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : entity;
  });
}

/**
 * A JUnit XML report (pytest `--junitxml`, node:test's `junit` reporter, vitest's `junit`):
 * every <testcase> is one test; one with <failure> or <error> failed, one with <skipped> was
 * skipped, any other passed. Comments and CDATA (failure output) are removed first so text in
 * them is never read as an element.
 */
export function parseJunit(xml: string): TestCounts {
  const body = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  if (!/<testsuites?[\s>]/.test(body)) throw new Error('not a JUnit report (no <testsuite> or <testsuites>)');
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0, total: 0, failedTests: [] };
  const testcase = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (let match = testcase.exec(body); match; match = testcase.exec(body)) {
    const tag = match[1] as string;
    const children = match[3] ?? '';
    counts.total++;
    if (/<(failure|error)\b/.test(children)) {
      counts.failed++;
      if (counts.failedTests.length < MAX_FAILED_NAMES) {
        const className = attribute(tag, 'classname');
        const name = attribute(tag, 'name') ?? '(unnamed)';
        counts.failedTests.push(className ? `${className} › ${name}` : name);
      }
    } else if (/<skipped\b/.test(children)) counts.skipped++;
    else counts.passed++;
  }
  return counts;
}
