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

  it("reads node's unescaped > in names and takes node's own summary, counting tests with subtests", () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
	<testcase name="when name with surrounding &lt;> then argument required" time="0.1" classname="test"/>
	<testsuite name="parent" tests="2" failures="1">
		<testcase name="child <1>" classname="test"/>
		<testcase name="child &amp; 2" classname="test" failure="x"><failure message="x">a > b</failure></testcase>
	</testsuite>
	<testsuite name="describe &quot;d&quot;"><testcase name="skip" classname="test"><skipped type="skipped" message="true"/></testcase></testsuite>
	<!-- tests 5 -->
	<!-- suites 1 -->
	<!-- pass 2 -->
	<!-- fail 2 -->
	<!-- cancelled 0 -->
	<!-- skipped 1 -->
	<!-- todo 0 -->
	<!-- duration_ms 12.5 -->
</testsuites>`;
    expect(parseJunit(xml)).toMatchObject({
      passed: 2,
      failed: 2,
      skipped: 1,
      total: 5,
      failedTests: ['test › child & 2'],
    });
    expect(() => parseJunit(xml.replace('<!-- tests 5 -->', '<!-- tests 7 -->'))).toThrow(
      /says tests 7 but holds 5/,
    );
  });

  it('counts pytest errors as failures', () => {
    const xml = `<testsuites><testsuite name="pytest" errors="1" failures="0" skipped="0" tests="2"><testcase classname="t" name="ok"/><testcase classname="t" name="boom"><error message="fixture"><![CDATA[<failure>]]></error></testcase></testsuite></testsuites>`;
    expect(parseJunit(xml)).toMatchObject({ passed: 1, failed: 1, total: 2 });
  });

  it('rejects text that is not a JUnit report', () => {
    expect(() => parseJunit('hello')).toThrow(/not valid XML/);
    expect(() => parseJunit('<report><case/></report>')).toThrow(/not a JUnit report/);
    expect(() => parseJunit('<testsuites><testcase name="cut off')).toThrow(/not valid XML/);
  });
});
