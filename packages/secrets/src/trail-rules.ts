import { RULES, type SecretRule } from './rules';
import { EMPTY_SECRETS_CONFIG, type SecretsConfig } from './secrets-config';

/*
 * The projects' .gitleaks.toml files as this process read them, and the rules the audit trail is
 * redacted with from them. Kept on globalThis under a Symbol.for key, not in a module variable:
 * the hook runner's bundles each carry their own copy of this package, and what one copy reads
 * must reach every copy's redactSecrets and secret gate (docs/secret-scanning.md, "A project's
 * rules in the trail"; the same idea as Tier1Error's marker).
 */
const TRAIL_RULES = Symbol.for('tier1.secrets.project-configs');

interface TrailRules {
  /**
   * Project roots already looked at, each with its .gitleaks.toml as read: none when the file
   * is absent or cannot be used.
   */
  readonly projects: Map<string, SecretsConfig>;
  /** The projects' rules as read; replaced, never changed, when rules are added. */
  rules: readonly SecretRule[];
}

function trailRules(): TrailRules {
  const holder = globalThis as { [TRAIL_RULES]?: TrailRules };
  holder[TRAIL_RULES] ??= { projects: new Map(), rules: [] };
  return holder[TRAIL_RULES];
}

/** Whether `root` is looked at for the first time in this process (and from now on, never again). */
export function claimProjectRoot(root: string): boolean {
  const { projects } = trailRules();
  if (projects.has(root)) return false;
  projects.set(root, EMPTY_SECRETS_CONFIG);
  return true;
}

/**
 * Keeps a project's configuration for its root (projectSecretsConfig) and adds its rules to every
 * later redaction of the trail in this process. Rules only there: see useProjectSecretRules.
 */
export function addProjectConfig(root: string, config: SecretsConfig): void {
  const state = trailRules();
  state.projects.set(root, config);
  if (config.rules.length > 0) state.rules = [...state.rules, ...config.rules];
}

/** The .gitleaks.toml of a root claimed before (an absolute path), as read; none if there was none. */
export function readProjectConfig(root: string): SecretsConfig {
  return trailRules().projects.get(root) ?? EMPTY_SECRETS_CONFIG;
}

/**
 * The projects' rules as the trail applies them: on every text, since a trail's texts come from
 * no file (a rule's `path` would keep it off them all), and beside the built-in rule of the same
 * id rather than instead of it (`project:<id>`), so a project never narrows what the trail hides.
 */
function asTrailRules(rules: readonly SecretRule[]): SecretRule[] {
  const builtInIds = new Set(RULES.map((rule) => rule.id));
  return rules.map(({ path: _path, ...rule }) =>
    builtInIds.has(rule.id) ? { ...rule, id: `project:${rule.id}` } : rule,
  );
}

// One configuration per set of rules: the engine keeps its compiled rule set per configuration.
const configs = new WeakMap<readonly SecretRule[], SecretsConfig>();

/** What redactSecrets adds to the built-in rules by default: the rules of the projects this process records for. */
export function trailSecretsConfig(): SecretsConfig {
  const { rules } = trailRules();
  if (rules.length === 0) return EMPTY_SECRETS_CONFIG;
  let config = configs.get(rules);
  if (!config) {
    config = { rules: asTrailRules(rules), allowlists: [] };
    configs.set(rules, config);
  }
  return config;
}
