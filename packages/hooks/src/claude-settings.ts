/*
 * Tier 1's entries in Claude Code's settings.json. Shape and matcher rules from
 * https://code.claude.com/docs/en/hooks ("Configuration", "Matcher patterns"):
 *   {"hooks": {"<Event>": [{"matcher": "Bash|Write", "hooks": [{"type": "command", "command": "...", "timeout": 30}]}]}}
 * A matcher of letters, digits, `_` and `|` is a list of exact tool names; anything else is a
 * regular expression (`mcp__n8n__.*`); events without tools take no matcher.
 */

export interface HookCommand {
  type: 'command';
  command: string;
  timeout?: number;
  [field: string]: unknown;
}

export interface MatcherGroup {
  matcher?: string;
  hooks: HookCommand[];
  [field: string]: unknown;
}

export interface ClaudeSettings {
  hooks?: Record<string, MatcherGroup[]>;
  [field: string]: unknown;
}

/** The tools whose results the hook reads, as Claude Code names them. */
export const TRACKED_TOOL_MATCHER = 'Bash|Write|Edit|MultiEdit|TodoWrite|TaskCreate|TaskUpdate';
/** The tools the deploy and secret gates hold before they run. */
export const GATED_TOOL_MATCHER = 'Bash|Write|Edit|MultiEdit';
/** n8n's MCP server tools (`mcp__n8n__execute_workflow`, ...). */
export const N8N_TOOL_MATCHER = 'mcp__n8n__.*';

/**
 * Seconds Claude Code waits for the hook. A tracking call takes a fraction of one; an n8n call
 * may run the fallback chain for a failed workflow (webhook, queue, API), so it gets longer.
 */
const TRACKING_TIMEOUT_SECONDS = 10;
const N8N_TIMEOUT_SECONDS = 120;

/** What Tier 1 installs: event, matcher (none for events without tools) and timeout. */
export const TIER1_HOOK_ENTRIES: ReadonlyArray<{ event: string; matcher?: string; timeout: number }> = [
  { event: 'PostToolUse', matcher: TRACKED_TOOL_MATCHER, timeout: TRACKING_TIMEOUT_SECONDS },
  { event: 'PostToolUse', matcher: N8N_TOOL_MATCHER, timeout: N8N_TIMEOUT_SECONDS },
  { event: 'PostToolUseFailure', matcher: 'Bash|Write|Edit|MultiEdit', timeout: TRACKING_TIMEOUT_SECONDS },
  { event: 'PostToolUseFailure', matcher: N8N_TOOL_MATCHER, timeout: N8N_TIMEOUT_SECONDS },
  { event: 'PreToolUse', matcher: N8N_TOOL_MATCHER, timeout: TRACKING_TIMEOUT_SECONDS },
  // The deploy and secret gates (docs/guardrails.md): a shipping command, a write, a commit.
  { event: 'PreToolUse', matcher: GATED_TOOL_MATCHER, timeout: TRACKING_TIMEOUT_SECONDS },
  { event: 'UserPromptSubmit', timeout: TRACKING_TIMEOUT_SECONDS },
  { event: 'SessionStart', timeout: TRACKING_TIMEOUT_SECONDS },
  { event: 'Stop', timeout: TRACKING_TIMEOUT_SECONDS },
  { event: 'SessionEnd', timeout: TRACKING_TIMEOUT_SECONDS },
  { event: 'TaskCreated', timeout: TRACKING_TIMEOUT_SECONDS },
  { event: 'TaskCompleted', timeout: TRACKING_TIMEOUT_SECONDS },
];

/** Tier 1's own hook commands are recognised by the bin's name in the command. */
export function isTier1HookCommand(hook: unknown): boolean {
  return (
    hook !== null &&
    typeof hook === 'object' &&
    typeof (hook as HookCommand).command === 'string' &&
    /(^|[\s/\\'"])tier1-hook(\.[cm]?js)?(['"\s]|$)/.test((hook as HookCommand).command)
  );
}

export interface SettingsChange {
  settings: ClaudeSettings;
  /** "PostToolUse Bash|Write|..." for each entry added or removed. */
  changed: string[];
}

function describe(event: string, matcher: string | undefined): string {
  return matcher === undefined ? event : `${event} ${matcher}`;
}

/**
 * Adds Tier 1's hook entries to a settings object, keeping everything already there. An entry
 * is added only when no group for that event and matcher already runs a tier1-hook command,
 * so installing twice changes nothing. Returns a new object; the input is not modified.
 */
export function addTier1Hooks(settings: ClaudeSettings, command: string): SettingsChange {
  const next: ClaudeSettings = structuredClone(settings);
  next.hooks ??= {};
  const hooks = next.hooks;
  const changed: string[] = [];
  for (const { event, matcher, timeout } of TIER1_HOOK_ENTRIES) {
    hooks[event] ??= [];
    const groups = hooks[event];
    const installed = groups
      .filter((group) => (group.matcher ?? undefined) === matcher && Array.isArray(group.hooks))
      .flatMap((group) => group.hooks.filter(isTier1HookCommand));
    if (installed.length > 0) {
      // Already there; a command that points at a moved checkout is pointed at this one.
      for (const hook of installed) {
        if (hook.command !== command) {
          hook.command = command;
          changed.push(`${describe(event, matcher)} (command updated)`);
        }
      }
      continue;
    }
    const group: MatcherGroup = { hooks: [{ type: 'command', command, timeout }] };
    groups.push(matcher === undefined ? group : { matcher, ...group });
    changed.push(describe(event, matcher));
  }
  return { settings: next, changed };
}

/**
 * Removes the tier1-hook commands and nothing else: a group that held only Tier 1's command
 * goes, a group shared with other hooks keeps them, and an event list (or `hooks`) that
 * removing them left empty goes.
 */
export function removeTier1Hooks(settings: ClaudeSettings): SettingsChange {
  const next: ClaudeSettings = structuredClone(settings);
  const changed: string[] = [];
  if (!next.hooks || typeof next.hooks !== 'object') return { settings: next, changed };
  for (const [event, groups] of Object.entries(next.hooks)) {
    if (!Array.isArray(groups)) continue;
    const kept: MatcherGroup[] = [];
    const changedBefore = changed.length;
    for (const group of groups) {
      if (!Array.isArray(group?.hooks) || !group.hooks.some(isTier1HookCommand)) {
        kept.push(group);
        continue;
      }
      changed.push(describe(event, group.matcher));
      const others = group.hooks.filter((hook) => !isTier1HookCommand(hook));
      if (others.length > 0) kept.push({ ...group, hooks: others });
    }
    if (changed.length === changedBefore) continue;
    if (kept.length > 0) next.hooks[event] = kept;
    else delete next.hooks[event];
  }
  if (changed.length > 0 && Object.keys(next.hooks).length === 0) delete next.hooks;
  return { settings: next, changed };
}

/** Tier 1's entries currently in a settings object, as "Event matcher" strings. */
export function listTier1Hooks(settings: ClaudeSettings): string[] {
  const found: string[] = [];
  for (const [event, groups] of Object.entries(settings.hooks ?? {})) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups)
      if (group?.hooks?.some?.(isTier1HookCommand)) found.push(describe(event, group.matcher));
  }
  return found;
}
