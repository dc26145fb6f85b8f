import { describe, expect, it } from 'vitest';
import { SECRET_RULES } from '../secrets';
import { parseJunit } from '../test-reports/parse-junit';
import { formatJsonReport } from './format-json';
import { formatJunitReport } from './format-junit';
import { formatMarkdownReport } from './format-markdown';
import { formatSarifReport, SARIF_FINGERPRINT_KEY } from './format-sarif';
import { formatProgressLine, formatTextReport } from './format-text';
import { sampleDecision, sampleResults } from './formats.fixtures';
import { formatGithubAnnotations } from './github-annotations';

describe('report formats', () => {
  it('text: one line per check, failed tests and findings under their check, the decision last', () => {
    const text = formatTextReport(sampleResults, sampleDecision);
    expect(text).toContain('✗ tests              2 passed, 1 failed (vitest) [2.3 s]');
    expect(text).toContain('    failed: math breaks');
    expect(text).toContain(
      '    fix: fix the failing tests: run `npm run test` in the project and fix what fails',
    );
    expect(text).toContain(
      '    output (last lines):\n       FAIL  math.test.js > math > breaks\n      AssertionError: expected 1 to be 2',
    );
    expect(text).toContain('    fix: add a "bench" script');
    const advised = formatTextReport(
      [
        {
          ...(sampleResults[2] as (typeof sampleResults)[number]),
          evidence: { advice: ['a usage section helps'] },
        },
      ],
      sampleDecision,
    );
    expect(advised).toContain('    advice: a usage section helps');
    expect(text).toContain('    src/config.js:3 aws-access-key-id AKIA************WXYZ');
    expect(text).toContain('! performance');
    expect(text.trimEnd().split('\n').pop()).toBe(
      'NO-GO: tests, security failed; warnings: performance (confidence 96)',
    );
    expect(formatProgressLine({ type: 'start', checkName: 'tests', timeoutMs: 60_000 })).toBe(
      '… tests (timeout 60.0 s)',
    );
  });

  it('markdown: a heading with the decision and a table row per check, pipes escaped', () => {
    const markdown = formatMarkdownReport(
      [{ ...(sampleResults[2] as (typeof sampleResults)[number]), details: 'a | b' }],
      sampleDecision,
    );
    expect(markdown).toMatch(/^## ❌ Production check: NO-GO\n/);
    expect(markdown).toContain('| documentation | ✅ passed | blocking | a \\| b | 4 ms |');
    const full = formatMarkdownReport(sampleResults, sampleDecision);
    expect(full).toContain('- fix: fix the failing tests');
    expect(full).toContain(
      '```text\n FAIL  math.test.js > math > breaks\nAssertionError: expected 1 to be 2\n```',
    );
    expect(
      formatMarkdownReport(
        [{ ...(sampleResults[2] as (typeof sampleResults)[number]), notApplicable: true }],
        sampleDecision,
      ),
    ).toContain('| documentation | ➖ not applicable |');
  });

  it('json: the decision and every CheckResult', () => {
    const report = JSON.parse(formatJsonReport(sampleResults, sampleDecision, { root: '/p' }));
    expect(report).toMatchObject({ root: '/p', decision: 'no_go', failedChecks: ['tests', 'security'] });
    expect(report.checks).toHaveLength(4);
  });

  it('junit: one testcase per check, a failure for failed checks, skipped for skipped ones, readable by a JUnit parser', () => {
    const xml = formatJunitReport(sampleResults);
    expect(xml).toContain('<testsuites name="tier1 check" tests="4" failures="2" skipped="1"');
    expect(xml).toContain('<failure message="2 passed, 1 failed (vitest)" type="blocking">');
    expect(xml).toContain('<skipped message="no benchmarks found"/>');
    expect(parseJunit(xml)).toMatchObject({ passed: 1, failed: 2, skipped: 1, total: 4 });
  });

  it('sarif: 2.1.0 with the rules and one located, fingerprinted result per finding', () => {
    const sarif = JSON.parse(formatSarifReport(sampleResults, { toolVersion: '0.1.0' }));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe('tier1');
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(
      SECRET_RULES.map((rule) => rule.id),
    );
    expect(run.results).toHaveLength(1);
    const [result] = run.results;
    expect(result).toMatchObject({
      ruleId: 'aws-access-key-id',
      level: 'error',
      message: { text: 'AWS access key ID: AKIA************WXYZ' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/config.js', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 17 },
          },
        },
      ],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: 'aws-access-key-id:src/config.js:0123456789abcdef' },
    });
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('aws-access-key-id');
  });

  it("github annotations: an error on each finding's line, errors for failed checks, warnings for the rest", () => {
    expect(formatGithubAnnotations(sampleResults)).toEqual([
      '::error file=src/config.js,line=3,col=17,title=tier1%3A aws-access-key-id::AWS access key ID: AKIA************WXYZ',
      '::error title=tier1 check%3A tests::2 passed, 1 failed (vitest) (fix: fix the failing tests: run `npm run test` in the project and fix what fails)',
      '::warning title=tier1 check%3A performance::no benchmarks found (fix: add a "bench" script)',
    ]);
  });
});
