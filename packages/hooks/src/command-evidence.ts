import type { DetectionResult } from '@tier1/keyword-detector';
import type { ClaimKind } from './claims';
import type { ShipPattern } from './guardrail-config';
import { commandsOf, exitStatusCoversAll, programOf } from './shell-commands';
import { shippingPatternOf } from './ship-command';

/** The claims a Bash command's outcome is evidence for. */
export type EvidenceKind = Exclude<ClaimKind, 'done'>;
export type EvidenceOutcome = 'passed' | 'failed' | 'unknown';

/** Programs that are the check themselves. */
const PROGRAM_KINDS: Record<string, EvidenceKind[]> = {
  vitest: ['tests'],
  jest: ['tests'],
  pytest: ['tests'],
  mocha: ['tests'],
  ava: ['tests'],
  rspec: ['tests'],
  phpunit: ['tests'],
  karma: ['tests'],
  eslint: ['lint'],
  biome: ['lint'],
  ruff: ['lint'],
  flake8: ['lint'],
  pylint: ['lint'],
  stylelint: ['lint'],
  'golangci-lint': ['lint'],
  mypy: ['typecheck'],
  pyright: ['typecheck'],
  'vue-tsc': ['typecheck'],
  tsup: ['build'],
  webpack: ['build'],
  rollup: ['build'],
};

/** Programs that run a named script or subcommand: the words after them say what runs. */
const RUNNERS = new Set([
  'npm',
  'pnpm',
  'yarn',
  'bun',
  'npx',
  'bunx',
  'make',
  'go',
  'cargo',
  'mvn',
  'gradle',
  'gradlew',
  'deno',
  'turbo',
  'nx',
  'uv',
  'poetry',
  'python',
  'python3',
  'node',
  'dotnet',
  'mix',
  'rake',
  'just',
  'composer',
  'vite',
  'next',
  'nuxt',
  'astro',
  'ng',
  'swift',
  'bazel',
  'playwright',
  'cypress',
]);

/** Runner options whose value is the next word (`pnpm --filter web test`). */
const OPTIONS_WITH_VALUE = new Set([
  '--filter',
  '-F',
  '-C',
  '--dir',
  '-w',
  '--workspace',
  '-p',
  '--package',
  '--prefix',
  '--cwd',
]);

/** What a script or subcommand name says it does: `test`, `test:unit`, `lint:fix`, `typecheck`. */
function kindsOfWord(word: string, program: string): EvidenceKind[] {
  const name = word.toLowerCase().split(':')[0] as string;
  if (PROGRAM_KINDS[name]) return PROGRAM_KINDS[name] as EvidenceKind[];
  if (name === 'test' || name === 'tests' || name === '--test' || (name === 't' && program === 'npm'))
    return ['tests'];
  if (name === 'vet' || name === 'clippy' || name === 'lint') return ['lint'];
  if (name === 'typecheck' || name === 'type-check' || name === 'check-types' || name === 'types')
    return ['typecheck'];
  if (name === 'check' && program === 'cargo') return ['typecheck'];
  if (name === 'build' || name === 'compile') return ['build'];
  if (name === 'deploy') return ['deploy'];
  return [];
}

/** `tsc` type-checks; without `--noEmit` it builds too. */
function tscKinds(words: readonly string[]): EvidenceKind[] {
  return words.includes('--noEmit') ? ['typecheck'] : ['build', 'typecheck'];
}

/** The kinds of one command: `git commit`, `pnpm --filter web test`, `tsc --noEmit`, `vercel --prod`. */
function kindsOfCommand(words: readonly string[], shipPatterns: readonly ShipPattern[]): EvidenceKind[] {
  const program = programOf(words);
  if (program === 'git') {
    const subcommand = words
      .slice(1)
      .find((word, index, rest) => !word.startsWith('-') && !['-C', '-c'].includes(rest[index - 1] ?? ''));
    if (subcommand === 'commit') return ['commit'];
    if (subcommand === 'push') return words.includes('--dry-run') || words.includes('-n') ? [] : ['push'];
    return [];
  }
  const ship = shippingPatternOf(words, shipPatterns);
  if (ship !== undefined) return ['deploy'];
  if (program === 'tsc') return tscKinds(words);
  if (PROGRAM_KINDS[program]) return PROGRAM_KINDS[program] as EvidenceKind[];
  if (!RUNNERS.has(program)) return [];
  const kinds: EvidenceKind[] = [];
  let looked = 0;
  for (let index = 1; index < words.length && looked < 4; index++) {
    const word = words[index] as string;
    if (OPTIONS_WITH_VALUE.has(word)) {
      index++;
      continue;
    }
    if (word.startsWith('-') && word !== '--test') continue;
    looked++;
    const found = word === 'tsc' ? tscKinds(words) : kindsOfWord(word, program);
    if (found.length > 0) {
      kinds.push(...found);
      break;
    }
  }
  return kinds;
}

/** The claim kinds a Bash command line is evidence for, each once, in order. */
export function evidenceKindsOf(commandLine: string, shipPatterns: readonly ShipPattern[]): EvidenceKind[] {
  const kinds = commandsOf(commandLine).flatMap((words) => kindsOfCommand(words, shipPatterns));
  return [...new Set(kinds)];
}

/** The detector's categories whose runner summaries speak for each kind. */
const CATEGORIES: Record<EvidenceKind, readonly string[]> = {
  tests: ['test-success'],
  build: ['build-success'],
  typecheck: ['build-success'],
  lint: [],
  commit: ['commit-related'],
  push: ['deployment'],
  deploy: ['deployment'],
};

/**
 * Whether one kind of check passed in this call. A runner's own summary decides first (`pnpm test |
 * tail` exits 0 when tests fail; its summary does not lie); then Claude Code's event: a
 * PostToolUseFailure is a non-zero exit, which is this kind's failure only when the call ran
 * nothing else; a PostToolUse is success only when the exit status covers every command.
 */
export function outcomeOf(
  kind: EvidenceKind,
  kinds: readonly EvidenceKind[],
  hookEventName: string,
  commandLine: string,
  detection: Pick<DetectionResult, 'category' | 'runnerOutcome'> | null,
): EvidenceOutcome {
  if (detection?.runnerOutcome && CATEGORIES[kind].includes(String(detection.category)))
    return detection.runnerOutcome === 'success' ? 'passed' : 'failed';
  if (hookEventName === 'PostToolUseFailure') return kinds.length === 1 ? 'failed' : 'unknown';
  return exitStatusCoversAll(commandLine) ? 'passed' : 'unknown';
}
