#!/usr/bin/env node
// Totals every package's vitest JSON report into one closing line, and, when
// TIER1_REQUIRE_POSTGRES=1 (as in CI), fails unless the store suite really ran on PostgreSQL.
// `clean` removes the reports first (turbo restores those of cached runs), so a package whose run
// failed before any test (a global setup that threw) is counted as failed, never read from an
// older report or left out.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = ['packages', 'apps']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))
  .filter((dir) => {
    const manifest = join(root, dir, 'package.json');
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test !== undefined;
  });
const reportPath = (dir) => join(root, dir, 'reports', 'vitest.json');

if (process.argv[2] === 'clean') {
  for (const dir of packages) rmSync(reportPath(dir), { force: true });
  process.exit(0);
}

const unreported = packages.filter((dir) => !existsSync(reportPath(dir)));
const reports = packages
  .filter((dir) => existsSync(reportPath(dir)))
  .map((dir) => JSON.parse(readFileSync(reportPath(dir), 'utf8')));

const tests = reports.flatMap((report) => report.testResults.flatMap((file) => file.assertionResults));
const count = (status) => tests.filter((test) => test.status === status).length;
const passed = count('passed');
// A suite that failed to load counts as one failed test: its tests never ran.
const unloaded = reports.flatMap((report) =>
  report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0),
);
const failed = count('failed') + unloaded.length + unreported.length;
const skipped = tests.length - count('passed') - count('failed');
const postgresPassed = tests.filter(
  (test) => test.status === 'passed' && test.fullName.includes('[postgres]'),
).length;

for (const dir of unreported)
  console.error(`${dir}: no test report: its run failed before any test ran (see above)`);
for (const file of unloaded) console.error(`${file.name}: failed to load: ${file.message ?? 'see above'}`);
console.log(`\nstore suite on PostgreSQL: ${postgresPassed} passed`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
if (process.env.TIER1_REQUIRE_POSTGRES === '1' && postgresPassed === 0) {
  console.error('the store suite did not run on PostgreSQL: is it up on 127.0.0.1:5432?');
  process.exit(1);
}
