import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClaudeCli } from './claude-cli.js';
import { startScriptedModel } from './scripted-model.js';
import type { ModelRequest, TurnScript } from './scripted-turn.js';

export interface RunClaudeCodeOptions {
  /** The project Claude Code works in (its cwd, so `CLAUDE_PROJECT_DIR`); the caller owns it. */
  projectDir: string;
  /** The user's prompt (`claude -p <prompt>`). */
  prompt: string;
  /** Reply N to Claude Code's Nth agent-loop request. */
  turns: TurnScript[];
  /** Settings for this session only, passed with `--settings` (hooks, env, …). */
  settings?: Record<string, unknown>;
  /** Plugins loaded for this session only (`--plugin-dir`). */
  pluginDirs?: string[];
  /** `false` sets `CLAUDE_CODE_ENABLE_TASKS=false`: TodoWrite instead of the Task tools. */
  enableTasks?: boolean;
  /** `CLAUDE_CONFIG_DIR` to use (say, one where a plugin was installed); default a fresh temp dir, removed after. */
  configDir?: string;
  /** Added to Claude Code's environment (and so its hooks'). */
  env?: Record<string, string>;
  /** Further CLI arguments. */
  args?: string[];
  timeoutMs?: number;
}

/** One line of `--output-format stream-json` (`system` init, `assistant`, `user`, `result`, …). */
export interface StreamJsonMessage {
  type: string;
  subtype?: string;
  [key: string]: unknown;
}

export interface ClaudeCodeRun {
  exitCode: number | null;
  /** The agent-loop requests Claude Code sent the model, in order. */
  requests: ModelRequest[];
  /** Requests without tools (titles, summaries), answered but not scripted. */
  sideRequests: ModelRequest[];
  /** Agent-loop requests past the end of the script. */
  unscripted: number;
  /** The stream-json messages on stdout. */
  messages: StreamJsonMessage[];
  stderr: string;
}

/**
 * Runs one non-interactive session of the real Claude Code against a scripted model:
 * `claude -p <prompt> --output-format stream-json --verbose --dangerously-skip-permissions`,
 * with `ANTHROPIC_BASE_URL` at a fresh scripted server and `CLAUDE_CONFIG_DIR` in a temp dir.
 * The server, the config dir (unless given) and any process left are gone when it returns.
 */
export async function runClaudeCode(options: RunClaudeCodeOptions): Promise<ClaudeCodeRun> {
  const model = await startScriptedModel(options.turns);
  const scratch = await mkdtemp(join(tmpdir(), 'tier1-claude-code-'));
  try {
    const args = [
      '-p',
      options.prompt,
      '--output-format',
      'stream-json',
      '--verbose',
      '--dangerously-skip-permissions',
    ];
    if (options.settings) {
      const settingsFile = join(scratch, 'settings.json');
      await writeFile(settingsFile, JSON.stringify(options.settings));
      args.push('--settings', settingsFile);
    }
    for (const dir of options.pluginDirs ?? []) args.push('--plugin-dir', dir);
    args.push(...(options.args ?? []));
    const env: Record<string, string> = { ANTHROPIC_BASE_URL: model.url, ...options.env };
    if (options.enableTasks === false) env.CLAUDE_CODE_ENABLE_TASKS = 'false';
    const result = await runClaudeCli(args, {
      cwd: options.projectDir,
      configDir: options.configDir ?? join(scratch, 'config'),
      env,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return {
      exitCode: result.exitCode,
      requests: model.requests,
      sideRequests: model.sideRequests,
      unscripted: model.unscripted,
      messages: parseStreamJson(result.stdout),
      stderr: result.stderr,
    };
  } finally {
    await model.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

function parseStreamJson(stdout: string): StreamJsonMessage[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as StreamJsonMessage;
      } catch {
        return { type: 'unparsed', line };
      }
    });
}
