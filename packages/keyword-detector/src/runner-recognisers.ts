import type { DetectionContext } from './detection-result';
import { countSummaryRecogniser, patternRecogniser, type RunnerRecogniser } from './runner-recogniser';

// Every pattern is anchored to a line start or built from literals and disjoint classes,
// so matching stays linear in the scanned text.
const NUMBER_WORD = /(\d+) ([a-z]+)/gi;

const vitest = countSummaryRecogniser({
  // "Test Files  2 passed (2)", "      Tests  12 passed | 1 failed (13)"
  name: 'vitest',
  category: 'test-success',
  hints: ['Test'],
  line: /^[ \t]*(?:Test Files|Tests)[ \t]{2,}(\d+ [a-z]+(?: \| \d+ [a-z]+)*) \(\d+\)/gm,
  count: NUMBER_WORD,
  numberFirst: true,
  passWords: ['passed'],
  failWords: ['failed'],
  skipWords: ['skipped', 'todo'],
});

const jest = countSummaryRecogniser({
  // "Tests:       1 failed, 12 passed, 13 total", "Test Suites: 2 passed, 2 total"
  name: 'jest',
  category: 'test-success',
  hints: [' total'],
  line: /^[ \t]*(?:Tests|Test Suites):[ \t]+((?:\d+ [a-z]+, )+)\d+ total/gm,
  count: NUMBER_WORD,
  numberFirst: true,
  passWords: ['passed'],
  failWords: ['failed'],
  skipWords: ['skipped', 'todo', 'pending'],
});

const nodeTest = countSummaryRecogniser({
  // TAP "# tests 3\n# suites 0\n# pass 2\n# fail 1", spec reporter "ℹ tests 3\nℹ pass 2 ..."
  name: 'node:test',
  category: 'test-success',
  hints: ['# tests ', 'ℹ tests '],
  line: /^[#ℹ] tests \d+\n((?:[#ℹ] [a-z_]+ [\d.]+\n?)+)/gm,
  count: /^[#ℹ] ([a-z_]+) (\d+)/gm,
  numberFirst: false,
  passWords: ['pass'],
  failWords: ['fail', 'cancelled'],
  skipWords: ['skipped', 'todo'],
});

const pytest = countSummaryRecogniser({
  // "===== 12 passed, 1 skipped in 0.52s =====", "=== 1 failed, 2 passed, 1 warning in 0.10s (0:00:00) ===",
  // and with -q the same counts without the rule: "1 failed, 1 passed in 2.99s"
  name: 'pytest',
  category: 'test-success',
  hints: [' in '],
  line: /^(?:=+ )?((?:\d+ [a-z]+, )*\d+ [a-z]+) in [\d.]+s(?: \([\d:.]+\))?(?: =+)?$/gm,
  count: NUMBER_WORD,
  numberFirst: true,
  passWords: ['passed', 'xpassed'],
  failWords: ['failed', 'error', 'errors'],
  skipWords: ['skipped', 'xfailed', 'deselected'],
});

const cargoTest = countSummaryRecogniser({
  // "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s"
  name: 'cargo test',
  category: 'test-success',
  hints: ['test result: '],
  line: /^test result: (?:ok|FAILED)\. ((?:\d+ [a-z]+(?: out)?; )*\d+ [a-z]+)/gm,
  count: NUMBER_WORD,
  numberFirst: true,
  passWords: ['passed'],
  failWords: ['failed'],
  skipWords: ['ignored'],
});

const mocha = patternRecogniser({
  // "  12 passing (45ms)", "  2 pending", "  1 failing"
  name: 'mocha',
  category: 'test-success',
  success: [
    {
      pattern: /^[ \t]*([1-9]\d*) passing \(\d+m?s\)/gm,
      describe: (m) => `mocha: ${m[1]} passing`,
      hints: [' passing ('],
    },
  ],
  failure: [
    {
      pattern: /^[ \t]*([1-9]\d*) failing$/gm,
      describe: (m) => `mocha: ${m[1]} failing`,
      hints: [' failing'],
    },
  ],
});

const playwright = patternRecogniser({
  // "  12 passed (3.2s)", "  1 failed", "  1 flaky"
  name: 'playwright',
  category: 'test-success',
  success: [
    {
      pattern: /^[ \t]+([1-9]\d*) passed \([\d.]+m?s\)$/gm,
      describe: (m) => `playwright: ${m[1]} passed`,
      hints: [' passed ('],
    },
  ],
  failure: [
    {
      pattern: /^[ \t]+([1-9]\d*) failed$/gm,
      describe: (m) => `playwright: ${m[1]} failed`,
      hints: [' failed'],
    },
  ],
});

const bunTest = patternRecogniser({
  // " 12 pass\n 0 fail\nRan 12 tests across 3 files. [45.00ms]"
  name: 'bun test',
  category: 'test-success',
  success: [
    {
      pattern: /^Ran ([1-9]\d*) tests? across \d+ files?\./gm,
      describe: (m) => `bun test: ran ${m[1]} tests`,
      hints: ['Ran '],
    },
  ],
  failure: [
    { pattern: /^[ \t]*([1-9]\d*) fail$/gm, describe: (m) => `bun test: ${m[1]} failed`, hints: [' fail'] },
  ],
});

const denoTest = patternRecogniser({
  // "ok | 12 passed | 0 failed (45ms)", "FAILED | 1 passed | 1 failed (50ms)"
  name: 'deno test',
  category: 'test-success',
  success: [
    {
      pattern: /^ok \| ([1-9]\d*) passed (?:\([^)\n]*\) )?\| 0 failed/gm,
      describe: (m) => `deno test: ${m[1]} passed, 0 failed`,
      hints: ['ok | '],
    },
  ],
  failure: [
    {
      pattern: /^FAILED \| \d+ passed[^|\n]*\| (\d+) failed/gm,
      describe: (m) => `deno test: ${m[1]} failed`,
      hints: ['FAILED | '],
    },
  ],
});

const pythonUnittest = patternRecogniser({
  // "Ran 12 tests in 0.003s\n\nOK", "Ran 3 tests in 0.001s\n\nFAILED (failures=1)"
  name: 'unittest',
  category: 'test-success',
  success: [
    {
      pattern: /^Ran ([1-9]\d*) tests? in [\d.]+s\n+OK\b/gm,
      describe: (m) => `unittest: ${m[1]} tests OK`,
      hints: ['Ran '],
    },
  ],
  failure: [
    {
      pattern: /^Ran \d+ tests? in [\d.]+s\n+FAILED \(([^)\n]*)\)/gm,
      describe: (m) => `unittest: FAILED (${m[1]})`,
      hints: ['FAILED ('],
    },
  ],
});

const rspec = patternRecogniser({
  // "12 examples, 0 failures", "12 examples, 1 failure, 2 pending"
  name: 'rspec',
  category: 'test-success',
  success: [
    {
      pattern: /^([1-9]\d*) examples?, 0 failures\b/gm,
      describe: (m) => `rspec: ${m[1]} examples, 0 failures`,
      hints: [' examples'],
    },
  ],
  failure: [
    {
      pattern: /^\d+ examples?, ([1-9]\d*) failures?\b/gm,
      describe: (m) => `rspec: ${m[0]}`,
      hints: [' example'],
    },
  ],
});

const goTest = patternRecogniser({
  name: 'go test',
  category: 'test-success',
  success: [
    // "ok  \texample.com/pkg\t0.012s", "ok  \texample.com/pkg\t(cached)"
    {
      pattern: /^ok[ \t]+(\S+)[ \t]+(?:[\d.]+s|\(cached\))/gm,
      describe: (m) => `go test: ok ${m[1]}`,
      hints: ['ok'],
    },
  ],
  // "--- FAIL: TestAdd (0.00s)", "FAIL\texample.com/pkg\t0.01s", a last "FAIL" line
  failure: [
    {
      pattern: /^[ \t]*--- FAIL: (\S+)/gm,
      describe: (m) => `go test: ${m[1]} failed`,
      hints: ['--- FAIL: '],
    },
    {
      pattern: /^FAIL(?:\t(\S+)\t[\d.]+s)?$/gm,
      describe: (m) => `go test: FAIL${m[1] ? ` ${m[1]}` : ''}`,
      hints: ['FAIL'],
    },
  ],
});

const tsc = patternRecogniser({
  name: 'tsc',
  category: 'build-success',
  // `tsc --watch` prefixes a time: "[10:00:00 AM] Found 0 errors. Watching for file changes."
  success: [
    {
      pattern: /(?:^|\] )Found 0 errors\b/gm,
      describe: () => 'tsc: found 0 errors',
      hints: ['Found 0 errors'],
    },
  ],
  // "src/a.ts(3,7): error TS2322: ...", "src/a.ts:3:7 - error TS2322: ...", "Found 2 errors in 1 file."
  failure: [
    { pattern: /(?:^|\] )Found ([1-9]\d* errors?)\b/gm, describe: (m) => `tsc: ${m[1]}`, hints: ['Found '] },
    {
      pattern: /[ :]error (TS\d+):/gm,
      describe: (m) => `tsc: error ${m[1]}`,
      keyword: (m) => `error ${m[1]}`,
      hints: ['error TS'],
    },
  ],
  silentSuccess: { command: /(?<![\w-])tsc(?![\w-])/, reason: 'tsc: no output, no type errors' },
});

const gitCommit = patternRecogniser({
  name: 'git commit',
  category: 'commit-related',
  // "[main 1a2b3c4] fix: auth bug", "[main (root-commit) 1a2b3c4] init", "[detached HEAD 1a2b3c4] x"
  success: [
    {
      pattern: /^\[([^\]\n]+) ([0-9a-f]{7,40})\] ([^\n]*)/gm,
      describe: (m) => `git commit ${m[2]} on ${m[1]?.replace(' (root-commit)', '')}: ${m[3]?.slice(0, 80)}`,
      keyword: (m) => `[${m[1]} ${m[2]}]`,
      hints: ['] '],
    },
  ],
  failure: [
    {
      pattern: /^(?:nothing (?:added )?to commit|no changes added to commit)\b[^\n]*/gm,
      describe: (m) => `git commit: ${m[0].slice(0, 80)}`,
      hints: ['to commit'],
    },
    {
      pattern: /^Author identity unknown$/gm,
      describe: () => 'git commit: author identity unknown',
      hints: ['Author identity unknown'],
    },
    {
      pattern: /^Aborting commit\b[^\n]*/gm,
      describe: (m) => `git commit: ${m[0].slice(0, 80)}`,
      hints: ['Aborting commit'],
    },
  ],
});

const gitPush = patternRecogniser({
  name: 'git push',
  category: 'deployment',
  // "   1a2b3c4..5d6e7f8  main -> main", " * [new branch]      main -> main", " + a...b main -> main (forced update)"
  success: [
    {
      pattern:
        /^ {1,3}(?:[+*] )?(?:\[new (?:branch|tag)\]|[0-9a-f]{7,40}\.\.\.?[0-9a-f]{7,40})[ \t]+(\S+) -> (\S+)/gm,
      describe: (m) => `git push: ${m[1]} -> ${m[2]}`,
      keyword: (m) => `${m[1]} -> ${m[2]}`,
      hints: [' -> '],
    },
  ],
  failure: [
    {
      pattern: /^ ! \[(?:remote )?rejected\][^\n]*/gm,
      describe: (m) => `git push: ${m[0].trim().slice(0, 80)}`,
      hints: ['rejected]'],
    },
    {
      pattern: /^error: failed to push some refs\b[^\n]*/gm,
      describe: () => 'git push: failed to push some refs',
      hints: ['failed to push'],
    },
    {
      pattern: /^Everything up-to-date$/gm,
      describe: () => 'git push: everything up-to-date, nothing pushed',
      hints: ['Everything up-to-date'],
    },
  ],
});

const isPublish = (text: string, context: DetectionContext) =>
  /(?<![\w-])publish(?![\w-])/.test(context.command ?? '') ||
  (text.includes('npm notice') && /^npm notice Publishing to /m.test(text));

const npmPublish = patternRecogniser({
  name: 'npm publish',
  category: 'deployment',
  appliesTo: isPublish,
  // "+ @scope/pkg@1.2.3" (npm and pnpm publish print the published name and version)
  success: [
    {
      pattern: /^\+ ((?:@[\w.-]+\/)?[\w.-]+)@(\d+\.\d+\.\d+[\w.+-]*)[ \t]*$/gm,
      describe: (m) => `published ${m[1]}@${m[2]}`,
      hints: ['+ '],
    },
  ],
  failure: [
    {
      pattern: /^npm (?:ERR!|error) code ([A-Z0-9_]+)/gm,
      describe: (m) => `npm publish: ${m[1]}`,
      hints: ['npm ERR!', 'npm error'],
    },
    { pattern: /\bERR_PNPM_[A-Z_]+/gm, describe: (m) => `pnpm publish: ${m[0]}`, hints: ['ERR_PNPM_'] },
  ],
});

// Hints for case-insensitive patterns name a lower-case and an upper-case part of the word.
const DEPLOY_HINTS = ['eploy', 'EPLOY'];
const COMPILE_HINTS = ['ompile', 'OMPILE'];

const deploy = patternRecogniser({
  name: 'deploy',
  category: 'deployment',
  success: [
    // vercel: "✅  Production: https://app.vercel.app [2s]"
    {
      pattern: /^[^\S\n]*(?:✅[^\S\n]+)?Production: (https:\/\/\S+)/gm,
      describe: (m) => `vercel: production at ${m[1]}`,
      hints: ['Production: '],
    },
    {
      pattern: /\bDeployed to (https?:\/\/\S+)/gim,
      describe: (m) => `deployed to ${m[1]}`,
      hints: DEPLOY_HINTS,
    },
    // fly: "--> v12 deployed successfully"; netlify: "Deploy is live!"; heroku: "... deployed to Heroku"
    {
      pattern: /\b(?:v\d+ )?deployed successfully\b/gim,
      describe: (m) => `deploy: ${m[0]}`,
      hints: DEPLOY_HINTS,
    },
    { pattern: /^Deploy is live!?/gm, describe: () => 'netlify: deploy is live', hints: ['Deploy is live'] },
    { pattern: /\bdeployed to Heroku\b/gm, describe: () => 'heroku: deployed', hints: ['to Heroku'] },
    // wrangler: "Deployed my-worker triggers (0.30 sec)"
    {
      pattern: /^(?:Deployed|Published) ([\w-]+) (?:triggers )?\([\d.]+ sec\)/gm,
      describe: (m) => `wrangler: deployed ${m[1]}`,
      hints: [' sec)'],
    },
    // kubectl rollout status: 'deployment "web" successfully rolled out'
    {
      pattern: /\bsuccessfully rolled out\b/gm,
      describe: (m) => `kubectl: ${m[0]}`,
      hints: ['successfully rolled out'],
    },
  ],
  failure: [
    {
      pattern: /\b(?:deploy(?:ment)? failed|failed to deploy|deploy did not succeed)\b/gim,
      describe: (m) => `deploy: ${m[0]}`,
      hints: DEPLOY_HINTS,
    },
  ],
});

const build = patternRecogniser({
  name: 'build',
  category: 'build-success',
  success: [
    { pattern: /✓ built in [\d.]+m?s/gm, describe: (m) => `vite: ${m[0].slice(2)}`, hints: ['✓ built in'] },
    {
      pattern: /\bBuild success in \d+m?s/gm,
      describe: (m) => `tsup/esbuild: ${m[0]}`,
      hints: ['Build success in'],
    },
    {
      pattern: /^[ \t]*Finished [`']?\w+[`']? profile\b[^\n]*/gm,
      describe: (m) => `cargo: ${m[0].trim().slice(0, 80)}`,
      hints: ['Finished '],
    },
    { pattern: /\bcompiled successfully\b/gim, describe: (m) => `build: ${m[0]}`, hints: COMPILE_HINTS },
  ],
  failure: [
    { pattern: /\bbuild failed\b/gim, describe: (m) => `build: ${m[0]}`, hints: ['uild', 'UILD'] },
    { pattern: /\bfailed to compile\b/gim, describe: (m) => `build: ${m[0]}`, hints: COMPILE_HINTS },
    { pattern: /\bcompiled with \d+ errors?\b/gim, describe: (m) => `build: ${m[0]}`, hints: COMPILE_HINTS },
    {
      pattern: /^error: could not compile\b[^\n]*/gm,
      describe: (m) => `cargo: ${m[0].slice(7, 87)}`,
      hints: ['could not compile'],
    },
  ],
});

/** The runners the detector reads out of the box, in no particular order: every one is consulted. */
export const DEFAULT_RECOGNISERS: readonly RunnerRecogniser[] = [
  vitest,
  jest,
  nodeTest,
  pytest,
  cargoTest,
  mocha,
  playwright,
  bunTest,
  denoTest,
  pythonUnittest,
  rspec,
  goTest,
  tsc,
  gitCommit,
  gitPush,
  npmPublish,
  deploy,
  build,
];
