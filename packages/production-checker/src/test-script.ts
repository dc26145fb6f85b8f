import { splitEnvAssignments, splitScript } from './shell-words';

/** What a command of a script starts, when the checker knows it. */
export type StepKind = 'vitest' | 'jest' | 'node:test' | 'mocha' | 'pytest' | 'turbo' | 'nx' | 'other';

/** One command the package manager will run for the test script, in order. */
export interface ScriptStep {
  /** The package.json script it belongs to (`pretest`, `test`, `test:unit`…). */
  script: string;
  command: string;
  kind: StepKind;
}

// Words that only start the next word as a program: `npx vitest`, `pnpm exec jest`, `cross-env A=1 vitest`.
const LAUNCHERS = new Set(['npx', 'pnpx', 'bunx', 'cross-env', 'dotenv', '--']);
const MAX_DEPTH = 8;

function program(words: readonly string[]): { name: string; args: string[] } {
  let index = 0;
  while (index < words.length && LAUNCHERS.has(words[index] as string)) index++;
  if (
    (words[index] === 'pnpm' || words[index] === 'yarn' || words[index] === 'npm') &&
    words[index + 1] === 'exec'
  )
    index += 2;
  return { name: words[index]?.split('/').pop() ?? '', args: words.slice(index + 1) };
}

/** The kind of runner a command starts: `NODE_ENV=test npx vitest run` → vitest. */
export function stepKind(words: readonly string[]): StepKind {
  const { name, args } = program(splitEnvAssignments(words).words);
  if (name === 'vitest' || name === 'jest' || name === 'mocha' || name === 'turbo' || name === 'nx')
    return name;
  if (name === '_mocha') return 'mocha';
  if ((name === 'node' || name === 'node.exe') && args.includes('--test')) return 'node:test';
  if (
    name === 'pytest' ||
    ((name === 'python' || name === 'python3') && args[0] === '-m' && args[1] === 'pytest')
  )
    return 'pytest';
  return 'other';
}

/** The script a command runs through the package manager: `npm run lint`, `pnpm lint`, `yarn test:unit`. */
export function calledScript(words: readonly string[], scripts: Record<string, string>): string | undefined {
  const [manager, first, second] = splitEnvAssignments(words).words;
  if (manager !== 'npm' && manager !== 'pnpm' && manager !== 'yarn') return undefined;
  const name =
    first === 'run' || first === 'run-script' ? second : first === 'test' || first === 't' ? 'test' : first;
  if (!name || !(name in scripts)) return undefined;
  if (manager === 'npm' && first !== 'run' && first !== 'run-script' && name !== 'test') return undefined;
  return name;
}

/**
 * The commands the package manager runs for a script, in order: `pre<name>`, each command of
 * the script (across `&&`, `||`, `;`), `post<name>`, following `npm run x` / `pnpm x` into the
 * scripts they call (npm, pnpm and yarn 1 all run the pre and post scripts), so the report can show lint, build and typecheck as steps of the test run.
 */
export function scriptSteps(scripts: Record<string, string>, name: string, depth = 0): ScriptStep[] {
  const body = scripts[name];
  if (body === undefined || depth > MAX_DEPTH) return [];
  const steps: ScriptStep[] = [];
  if (scripts[`pre${name}`] !== undefined) steps.push(...scriptSteps(scripts, `pre${name}`, depth + 1));
  for (const words of splitScript(body)) {
    const called = calledScript(words, scripts);
    if (called && called !== name) steps.push(...scriptSteps(scripts, called, depth + 1));
    else steps.push({ script: name, command: words.join(' '), kind: stepKind(words) });
  }
  if (scripts[`post${name}`] !== undefined) steps.push(...scriptSteps(scripts, `post${name}`, depth + 1));
  return steps;
}
