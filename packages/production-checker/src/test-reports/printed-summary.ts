import { stripVTControlCharacters } from 'node:util';

/** Runners whose console summary the checker can read back. */
export type SummaryRunner = 'vitest' | 'jest' | 'node:test' | 'mocha' | 'pytest';

const sum = (numbers: number[]) => numbers.reduce((total, value) => total + value, 0);

function all(output: string, pattern: RegExp): RegExpExecArray[] {
  return [...output.matchAll(pattern)];
}

// Each runner's own closing line(s), found anywhere on a line so turbo's `pkg:test: ` prefix
// and nx's output framing do not hide them.
const READERS: Record<SummaryRunner, (output: string) => number[]> = {
  // `      Tests  1 failed | 3 passed | 1 skipped (5)`
  vitest: (output) =>
    all(output, /\bTests {2}(?:\d+ [a-z]+(?: \| )?)+\s*\((\d+)\)/g).map((match) => Number(match[1])),
  // `Tests:       1 failed, 2 skipped, 5 passed, 8 total`
  jest: (output) => all(output, /\bTests:\s+[^\n]*?(\d+) total/g).map((match) => Number(match[1])),
  // tap `# tests 5`, spec `ℹ tests 5`
  'node:test': (output) => all(output, /^.*?[#ℹ] tests (\d+)\s*$/gm).map((match) => Number(match[1])),
  // `  3 passing (12ms)` then `  1 pending`, `  2 failing`
  mocha: (output) =>
    all(output, /^.*?(\d+) passing \([^)]*\)\s*\n(?:.*?(\d+) pending\s*\n)?(?:.*?(\d+) failing)?/gm).map(
      (match) => sum([match[1], match[2], match[3]].map((value) => Number(value ?? 0))),
    ),
  // `===== 1 failed, 2 passed, 1 skipped in 0.12s =====` (or without the rules under -q)
  pytest: (output) =>
    all(
      output,
      /^=*\s*((?:\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?)(?:, )?)+) in [\d.]+s/gm,
    ).map((match) =>
      sum(
        all(match[1] as string, /(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)\b/g).map((part) =>
          Number(part[1]),
        ),
      ),
    ),
};

/**
 * The total number of tests a runner printed in its own closing summaries: the last `runs` of
 * them (one per report it wrote), since a summary closes its run and anything like one printed
 * earlier is a test's own output. undefined when it printed none (a custom reporter, --silent).
 */
export function printedTotal(runner: SummaryRunner, output: string, runs = 1): number | undefined {
  const totals = READERS[runner](stripVTControlCharacters(output));
  return totals.length > 0 ? sum(totals.slice(-runs)) : undefined;
}
