import { createRequire } from 'node:module';
import type { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TestCounts } from './test-counts';
import { MAX_FAILED_NAMES } from './test-counts';

type XmlNode = Record<string, unknown>;

// A real XML parser: node's junit reporter leaves `>` unescaped inside attributes and failure
// text holds anything, which a regular expression cannot read (docs/production-checker.md).
// Loaded on first use (docs/production-checker.md, "Loading"); `require` keeps parseJunit synchronous.
let loaded: { XMLValidator: typeof XMLValidator; parser: XMLParser } | undefined;

function fastXmlParser(): NonNullable<typeof loaded> {
  if (!loaded) {
    const module: typeof import('fast-xml-parser') = createRequire(import.meta.url)('fast-xml-parser');
    const parser = new module.XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      parseAttributeValue: false,
      parseTagValue: false,
      commentPropName: '#comment',
      isArray: (name) => ['testsuites', 'testsuite', 'testcase', '#comment'].includes(name),
    });
    loaded = { XMLValidator: module.XMLValidator, parser };
  }
  return loaded;
}

/** What node's junit reporter writes after the tests: its own `<!-- tests 5 -->` summary. */
export interface NodeTestSummary {
  tests: number;
  suites: number;
  pass: number;
  fail: number;
  cancelled: number;
  skipped: number;
  todo: number;
}

export interface JunitCounts extends TestCounts {
  /** The runner's own summary inside the report (node:test), which the counts come from. */
  summary?: NodeTestSummary;
}

interface Tally {
  cases: number;
  suites: number;
  passed: number;
  failed: number;
  skipped: number;
  failedTests: string[];
}

function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function tallyCase(testcase: XmlNode, tally: Tally): void {
  tally.cases++;
  if ('failure' in testcase || 'error' in testcase) {
    tally.failed++;
    if (tally.failedTests.length < MAX_FAILED_NAMES) {
      const className = testcase['@classname'] as string | undefined;
      const name = (testcase['@name'] as string | undefined) ?? '(unnamed)';
      tally.failedTests.push(className ? `${className} › ${name}` : name);
    }
  } else if ('skipped' in testcase) tally.skipped++;
  else tally.passed++;
}

function tallySuite(suite: XmlNode, tally: Tally): void {
  for (const testcase of children(suite, 'testcase')) tallyCase(testcase, tally);
  for (const inner of children(suite, 'testsuite')) {
    tally.suites++;
    tallySuite(inner, tally);
  }
}

function nodeSummary(root: XmlNode): NodeTestSummary | undefined {
  const values: Record<string, number> = {};
  for (const comment of children(root, '#comment')) {
    const match = /^\s*(\w+) (\d+(?:\.\d+)?)\s*$/.exec(String(comment));
    if (match) values[match[1] as string] = Number(match[2]);
  }
  const keys = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'] as const;
  if (!keys.every((key) => typeof values[key] === 'number')) return undefined;
  return Object.fromEntries(keys.map((key) => [key, values[key]])) as unknown as NodeTestSummary;
}

/**
 * A JUnit XML report (pytest `--junitxml`, node:test's `junit` reporter): every <testcase> is one
 * test; one with <failure> or <error> failed, one with <skipped> was skipped, any other passed.
 * node:test also counts a test that has subtests (written as a <testsuite>) and ends its report
 * with its own summary in comments: there the counts are that summary's, checked against the
 * elements (cases + suites − describe blocks = tests), and a difference is an error.
 */
export function parseJunit(xml: string): JunitCounts {
  const { XMLValidator, parser } = fastXmlParser();
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new Error(`the JUnit report is not valid XML: ${valid.err.msg} (line ${valid.err.line})`);
  const document = parser.parse(xml) as XmlNode;
  const roots = [...children(document, 'testsuites'), { testsuite: children(document, 'testsuite') }];
  if (roots.length === 1 && children(document, 'testsuite').length === 0)
    throw new Error('not a JUnit report (no <testsuite> or <testsuites>)');
  const tally: Tally = { cases: 0, suites: 0, passed: 0, failed: 0, skipped: 0, failedTests: [] };
  for (const root of roots) tallySuite(root, tally);
  const summary = roots.map(nodeSummary).find(Boolean);
  if (!summary)
    return {
      passed: tally.passed,
      failed: tally.failed,
      skipped: tally.skipped,
      total: tally.cases,
      failedTests: tally.failedTests,
    };
  const elements = tally.cases + tally.suites - summary.suites;
  if (elements !== summary.tests)
    throw new Error(
      `node's junit report says tests ${summary.tests} but holds ${elements} tests (${tally.cases} test cases, ${tally.suites - summary.suites} tests with subtests)`,
    );
  return {
    passed: summary.pass,
    failed: summary.fail + summary.cancelled,
    skipped: summary.skipped + summary.todo,
    total: summary.tests,
    failedTests: tally.failedTests,
    summary,
  };
}
