#!/usr/bin/env node
// Totals every package's vitest JSON report into one closing line, and, when
// TIER1_REQUIRE_POSTGRES=1 (as in CI), fails unless the store suite really ran on PostgreSQL.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = ['packages', 'apps']
  .flatMap((group) =>
    readdirSync(join(root, group)).map((name) => join(root, group, name, 'reports', 'vitest.json')),
  )
  .filter((path) => existsSync(path))
  .map((path) => JSON.parse(readFileSync(path, 'utf8')));

const tests = reports.flatMap((report) => report.testResults.flatMap((file) => file.assertionResults));
const count = (status) => tests.filter((test) => test.status === status).length;
const passed = count('passed');
const failed = count('failed');
const skipped = tests.length - passed - failed;
const postgresPassed = tests.filter(
  (test) => test.status === 'passed' && test.fullName.includes('[postgres]'),
).length;

console.log(`\nstore suite on PostgreSQL: ${postgresPassed} passed`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
if (process.env.TIER1_REQUIRE_POSTGRES === '1' && postgresPassed === 0) {
  console.error('the store suite did not run on PostgreSQL: is it up on 127.0.0.1:5432?');
  process.exit(1);
}
