// node:fs and node:path only: every hook call that can be gated reads this file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@tier1/core';

/** The project's guardrail settings, beside `tier1.keywords.json` and `tier1.n8n.json`. */
export const GUARDRAILS_FILE = 'tier1.guardrails.json';

export type ClaimCheckMode = 'warn' | 'block' | 'off';
export type GateMode = 'deny' | 'ask' | 'off';

/** A command (or MCP tool) that ships: matched against each command of a Bash call, or the tool's name. */
export interface ShipPattern {
  name: string;
  /** A regular expression over one command of the call (`git push origin main`), env assignments removed. */
  command?: string;
  /** A regular expression over the tool's name (`mcp__n8n__activate_workflow`). */
  tool?: string;
  /** With `tool`: a regular expression the tool's input (as JSON) must match too. */
  input?: string;
}

export interface GuardrailConfig {
  claims: { mode: ClaimCheckMode };
  deployGate: {
    mode: GateMode;
    /** `git push` to one of these ships; `*` matches within one path segment (`release/*`). */
    protectedBranches: string[];
    patterns: ShipPattern[];
  };
  secretGate: { mode: GateMode };
  /** The file read, for messages; undefined when the defaults apply. */
  source?: string;
}

/**
 * Commands that ship, by default (docs/guardrails.md, "Deploy gate"). `git push` is matched here
 * and then held to the protected branches. A `--dry-run` of any of them ships nothing.
 */
export const DEFAULT_SHIP_PATTERNS: readonly ShipPattern[] = [
  { name: 'git-push', command: '^git\\s+(?:-C\\s+\\S+\\s+)?push\\b' },
  { name: 'npm-publish', command: '^(?:npm|pnpm|yarn|bun)\\s+(?:\\S+\\s+)*?publish\\b' },
  { name: 'changeset-publish', command: '^(?:(?:npx|pnpm|pnpm\\s+exec|yarn)\\s+)?changeset\\s+publish\\b' },
  {
    name: 'vercel-prod',
    command: '^(?:(?:npx|pnpm\\s+dlx|bunx)\\s+)?vercel\\b.*\\s(?:--prod\\b|promote\\b)',
  },
  { name: 'fly-deploy', command: '^(?:fly|flyctl)\\s+deploy\\b' },
  { name: 'kubectl-apply', command: '^kubectl\\s+(?:\\S+\\s+)*?apply\\b' },
  { name: 'terraform-apply', command: '^(?:terraform|tofu)\\s+(?:\\S+\\s+)*?apply\\b' },
  { name: 'docker-push', command: '^docker\\s+(?:(?:image\\s+)?push\\b|buildx\\s+build\\b.*\\s--push\\b)' },
  // n8n's MCP servers: a tool that activates (publishes) a workflow puts it in production.
  { name: 'n8n-activate', tool: '^mcp__.*n8n.*?__(?!.*deactivate).*(?:activate|publish)' },
  // n8n-mcp's partial update: an `activateWorkflow` operation, or a workflow saved as active.
  {
    name: 'n8n-activate-operation',
    tool: '^mcp__.*n8n.*?__',
    input: '"activateWorkflow"|"active"\\s*:\\s*true',
  },
];

export const DEFAULT_PROTECTED_BRANCHES: readonly string[] = [
  'main',
  'master',
  'production',
  'prod',
  'release',
  'release/*',
];

export function defaultGuardrailConfig(): GuardrailConfig {
  return {
    claims: { mode: 'warn' },
    deployGate: {
      mode: 'deny',
      protectedBranches: [...DEFAULT_PROTECTED_BRANCHES],
      patterns: DEFAULT_SHIP_PATTERNS.map((pattern) => ({ ...pattern })),
    },
    secretGate: { mode: 'deny' },
  };
}

const EXAMPLE =
  '{"claims": {"mode": "block"}, "deployGate": {"mode": "ask", "patterns": {"add": [{"name": "helm", "command": "^helm\\\\s+upgrade\\\\b"}], "remove": ["docker-push"]}}}';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One problem of the file: its field, what is wrong and a good value. */
interface Problem {
  field: string;
  problem: string;
  example: string;
}

function knownKeys(
  value: Record<string, unknown>,
  field: string,
  keys: readonly string[],
  problems: Problem[],
) {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key))
      problems.push({
        field: field ? `${field}.${key}` : key,
        problem: 'is not a setting',
        example: `one of ${keys.join(', ')}`,
      });
  }
}

function readMode<T extends string>(
  section: Record<string, unknown>,
  field: string,
  modes: readonly T[],
  problems: Problem[],
): T | undefined {
  const mode = section.mode;
  if (mode === undefined) return undefined;
  if (typeof mode === 'string' && (modes as readonly string[]).includes(mode)) return mode as T;
  problems.push({
    field: `${field}.mode`,
    problem: `must be ${modes.join(', ')}`,
    example: `"mode": "${modes[0]}"`,
  });
  return undefined;
}

function validRegex(source: unknown, field: string, problems: Problem[]): source is string {
  if (typeof source !== 'string' || source === '') {
    problems.push({
      field,
      problem: 'must be a regular expression as a string',
      example: '"^helm\\\\s+upgrade\\\\b"',
    });
    return false;
  }
  try {
    new RegExp(source);
    return true;
  } catch (error) {
    problems.push({
      field,
      problem: `is not a valid regular expression (${(error as Error).message})`,
      example: '"^helm\\\\s+upgrade\\\\b"',
    });
    return false;
  }
}

/** Takes the default patterns `remove` names out of `patterns`. */
function removePatterns(patterns: ShipPattern[], remove: unknown, field: string, problems: Problem[]): void {
  if (!Array.isArray(remove) || remove.some((name) => typeof name !== 'string')) {
    problems.push({ field, problem: 'must be a list of pattern names', example: '["docker-push"]' });
    return;
  }
  for (const name of remove as string[]) {
    const index = patterns.findIndex((pattern) => pattern.name === name);
    if (index === -1)
      problems.push({
        field,
        problem: `"${name}" is not a default pattern`,
        example: DEFAULT_SHIP_PATTERNS.map((pattern) => pattern.name).join(', '),
      });
    else patterns.splice(index, 1);
  }
}

/** One pattern of `add`; undefined when it is not one (the problem is said). */
function readAddedPattern(entry: unknown, at: string, problems: Problem[]): ShipPattern | undefined {
  if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '') {
    problems.push({
      field: at,
      problem: 'must be {"name", "command" or "tool"}',
      example: '{"name": "helm", "command": "^helm\\\\s+upgrade\\\\b"}',
    });
    return undefined;
  }
  knownKeys(entry, at, ['name', 'command', 'tool', 'input'], problems);
  if (entry.command === undefined && entry.tool === undefined) {
    problems.push({
      field: at,
      problem: 'needs a command or a tool pattern',
      example: '"command": "^helm\\\\s+upgrade\\\\b"',
    });
    return undefined;
  }
  const pattern: ShipPattern = { name: entry.name };
  if (entry.command !== undefined && validRegex(entry.command, `${at}.command`, problems))
    pattern.command = entry.command;
  if (entry.tool !== undefined && validRegex(entry.tool, `${at}.tool`, problems)) pattern.tool = entry.tool;
  if (entry.input !== undefined && validRegex(entry.input, `${at}.input`, problems))
    pattern.input = entry.input;
  return pattern;
}

/** deployGate.patterns: the default patterns, less `remove`, plus `add`. */
function readPatterns(value: unknown, problems: Problem[]): ShipPattern[] {
  const field = 'deployGate.patterns';
  const patterns = DEFAULT_SHIP_PATTERNS.map((pattern) => ({ ...pattern }));
  if (value === undefined) return patterns;
  if (!isObject(value)) {
    problems.push({ field, problem: 'must be an object with add and remove', example: EXAMPLE });
    return patterns;
  }
  knownKeys(value, field, ['add', 'remove'], problems);
  removePatterns(patterns, value.remove ?? [], `${field}.remove`, problems);
  const add = value.add ?? [];
  if (!Array.isArray(add)) {
    problems.push({ field: `${field}.add`, problem: 'must be a list of patterns', example: EXAMPLE });
    return patterns;
  }
  add.forEach((entry, index) => {
    const pattern = readAddedPattern(entry, `${field}.add[${index}]`, problems);
    if (pattern) patterns.push(pattern);
  });
  return patterns;
}

/** Validates the file's JSON; returns the configuration and every problem found. */
export function parseGuardrailConfig(value: unknown): { config: GuardrailConfig; problems: Problem[] } {
  const config = defaultGuardrailConfig();
  const problems: Problem[] = [];
  if (!isObject(value)) {
    problems.push({ field: GUARDRAILS_FILE, problem: 'must hold one JSON object', example: EXAMPLE });
    return { config, problems };
  }
  knownKeys(value, '', ['$schema', 'claims', 'deployGate', 'secretGate'], problems);
  for (const [name, modes] of [
    ['claims', ['warn', 'block', 'off']],
    ['deployGate', ['deny', 'ask', 'off']],
    ['secretGate', ['deny', 'ask', 'off']],
  ] as const) {
    const section = value[name];
    if (section === undefined) continue;
    if (!isObject(section)) {
      problems.push({
        field: name,
        problem: 'must be an object',
        example: `"${name}": {"mode": "${modes[0]}"}`,
      });
      continue;
    }
    knownKeys(
      section,
      name,
      name === 'deployGate' ? ['mode', 'protectedBranches', 'patterns'] : ['mode'],
      problems,
    );
    const mode = readMode(section, name, modes, problems);
    if (mode !== undefined) (config[name] as { mode: string }).mode = mode;
  }
  const gate = isObject(value.deployGate) ? value.deployGate : {};
  if (gate.protectedBranches !== undefined) {
    const branches = gate.protectedBranches;
    if (!Array.isArray(branches) || branches.some((branch) => typeof branch !== 'string' || branch === ''))
      problems.push({
        field: 'deployGate.protectedBranches',
        problem: 'must be a list of branch names',
        example: '["main", "release/*"]',
      });
    else config.deployGate.protectedBranches = branches as string[];
  }
  config.deployGate.patterns = readPatterns(gate.patterns, problems);
  return { config, problems };
}

/**
 * Reads `<projectDir>/tier1.guardrails.json`: the defaults when there is none. A file that cannot
 * be read, is not JSON or holds a bad value throws a ConfigError naming the file, the first field,
 * the problem and a good value (docs/guardrails.md, "Configuration").
 */
export function loadGuardrailConfig(projectDir: string): GuardrailConfig {
  const path = join(projectDir, GUARDRAILS_FILE);
  if (!existsSync(path)) return defaultGuardrailConfig();
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(path, `is not valid JSON (${(error as Error).message})`, EXAMPLE);
  }
  const { config, problems } = parseGuardrailConfig(value);
  const [first] = problems;
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
    throw new ConfigError(`${path}: ${first.field}`, `${first.problem}${more}`, first.example);
  }
  return { ...config, source: path };
}
