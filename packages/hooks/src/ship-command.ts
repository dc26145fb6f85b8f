import type { GuardrailConfig, ShipPattern } from './guardrail-config';
import { commandsOf, programOf } from './shell-commands';

/** A tool call that ships: which pattern matched, what it runs and, for `git push`, where to. */
export interface Shipment {
  pattern: string;
  /** The command (or MCP tool) as the agent asked for it, for the reason shown. */
  what: string;
  /** `git push`: the source ref pushed (`HEAD`, `feature`), so the gate can name its commit. */
  sourceRef?: string;
  /** `git push`: the protected branch it pushes to. */
  branch?: string;
}

/** Options of `git push` that take a value as the next word. */
const PUSH_OPTIONS_WITH_VALUE = new Set(['-o', '--push-option', '--repo', '--receive-pack', '--exec']);

/** The refs one `git push` sends: `[source, destination]` pairs; `all` for --all / --mirror. */
function pushTargets(words: readonly string[]): { all: boolean; refs: [string, string][]; dryRun: boolean } {
  const push = words.indexOf('push');
  const positional: string[] = [];
  let all = false;
  let dryRun = false;
  let deleting = false;
  for (let index = push + 1; index < words.length; index++) {
    const word = words[index] as string;
    if (PUSH_OPTIONS_WITH_VALUE.has(word)) index++;
    else if (word === '--all' || word === '--mirror' || word === '--branches') all = true;
    else if (word === '--dry-run' || word === '-n') dryRun = true;
    else if (word === '--delete' || word === '-d') deleting = true;
    else if (!word.startsWith('-')) positional.push(word);
  }
  const refs = positional.slice(1).flatMap((refspec): [string, string][] => {
    const spec = refspec.replace(/^\+/, '');
    const [source = '', destination = source] = spec.includes(':') ? spec.split(':', 2) : [spec, spec];
    // `:branch` and --delete remove a branch: nothing is shipped.
    return source === '' || deleting ? [] : [[source, destination]];
  });
  // No refspec: git pushes the current branch (push.default "simple").
  if (positional.length <= 1 && !all && !deleting) refs.push(['HEAD', 'HEAD']);
  return { all, refs, dryRun };
}

function branchPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`);
}

/** `refs/heads/main` → `main`; `HEAD` → the branch checked out (asked of git only when needed). */
function branchName(ref: string, currentBranch: () => string | undefined): string | undefined {
  if (ref === 'HEAD' || ref === '@') return currentBranch();
  return ref.replace(/^refs\/heads\//, '');
}

function gitPushShipment(
  words: readonly string[],
  protectedBranches: readonly string[],
  currentBranch: () => string | undefined,
): Omit<Shipment, 'pattern' | 'what'> | undefined {
  const { all, refs, dryRun } = pushTargets(words);
  if (dryRun) return undefined;
  if (all) return { sourceRef: 'HEAD', branch: protectedBranches[0] ?? 'all branches' };
  const patterns = protectedBranches.map(branchPattern);
  for (const [source, destination] of refs) {
    const branch = branchName(destination, currentBranch);
    if (branch !== undefined && patterns.some((pattern) => pattern.test(branch)))
      return { sourceRef: source, branch };
  }
  return undefined;
}

function matches(source: string | undefined, text: string): boolean {
  return source !== undefined && new RegExp(source).test(text);
}

/** An MCP (or other non-Bash) tool that ships: its name, and its input when the pattern asks. */
function toolShipment(
  toolName: string,
  toolInput: unknown,
  patterns: readonly ShipPattern[],
): Shipment | undefined {
  for (const pattern of patterns) {
    if (!matches(pattern.tool, toolName)) continue;
    if (pattern.input !== undefined && !new RegExp(pattern.input).test(JSON.stringify(toolInput ?? {})))
      continue;
    return { pattern: pattern.name, what: toolName };
  }
  return undefined;
}

/**
 * What in this tool call ships, by the configured patterns (docs/guardrails.md, "Deploy gate"),
 * or undefined. `currentBranch` is asked only for a `git push` that names no branch.
 */
export function findShipment(
  toolName: string,
  toolInput: Record<string, unknown>,
  gate: GuardrailConfig['deployGate'],
  currentBranch: () => string | undefined,
): Shipment | undefined {
  if (toolName !== 'Bash') return toolShipment(toolName, toolInput, gate.patterns);
  const commandLine = typeof toolInput.command === 'string' ? toolInput.command : '';
  for (const words of commandsOf(commandLine)) {
    if (words.includes('--dry-run')) continue;
    const text = words.join(' ');
    for (const pattern of gate.patterns) {
      if (!matches(pattern.command, text)) continue;
      if (pattern.name !== 'git-push') return { pattern: pattern.name, what: text };
      const push = gitPushShipment(words, gate.protectedBranches, currentBranch);
      if (push) return { pattern: pattern.name, what: text, ...push };
    }
  }
  return undefined;
}

/** Every command of a Bash call that a ship pattern matches (git pushes to any branch included). */
export function shippingPatternOf(
  words: readonly string[],
  patterns: readonly ShipPattern[],
): string | undefined {
  if (words.includes('--dry-run') || programOf(words) === '') return undefined;
  const text = words.join(' ');
  return patterns.find((pattern) => matches(pattern.command, text))?.name;
}
