import { describe, expect, it } from 'vitest';
import { parseJunit } from './parse-junit';

describe('parseJunit', () => {
  it('counts node:test junit output, ignoring its summary comments and failure text', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
	<testcase name="a" time="0.002" classname="test"/>
	<testcase name="b" time="0.0003" classname="test">
		<skipped type="skipped" message="true"/>
	</testcase>
	<testcase name="c &amp; d" time="0.002" classname="test" failure="x">
		<failure type="testCodeFailure" message="x">
[Error: x] at TestContext.&lt;anonymous> <testcase name="not a test"/>
		</failure>
	</testcase>
	<!-- tests 3 --><!-- <testcase name="commented"/> -->
</testsuites>`;
    expect(parseJunit(xml)).toEqual({
      passed: 1,
      failed: 1,
      skipped: 1,
      total: 3,
      failedTests: ['test › c & d'],
    });
  });

  it('counts pytest errors as failures', () => {
    const xml = `<testsuites><testsuite name="pytest" errors="1" failures="0" skipped="0" tests="2"><testcase classname="t" name="ok"/><testcase classname="t" name="boom"><error message="fixture"><![CDATA[<failure>]]></error></testcase></testsuite></testsuites>`;
    expect(parseJunit(xml)).toMatchObject({ passed: 1, failed: 1, total: 2 });
  });

  it('rejects text that is not a JUnit report', () => {
    expect(() => parseJunit('hello')).toThrow(/not a JUnit report/);
  });
});
