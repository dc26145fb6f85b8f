import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The pinned Claude Code CLI (scripts/test-tools.mjs); `TIER1_CLAUDE_BIN` points at another one. */
export async function claudePath(): Promise<string> {
  if (process.env.TIER1_CLAUDE_BIN) return process.env.TIER1_CLAUDE_BIN;
  const script = fileURLToPath(new URL('../../../scripts/test-tools.mjs', import.meta.url));
  const { toolPath } = (await import(script)) as { toolPath: (name: string) => string };
  return toolPath('claude');
}

export interface ClaudeCliOptions {
  /** The working directory (the project). */
  cwd: string;
  /** `CLAUDE_CONFIG_DIR`: keeps Claude Code away from the user's own `~/.claude`. */
  configDir: string;
  /** Added to the environment (which otherwise carries only PATH, HOME, TMPDIR and LANG of this process). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface ClaudeCliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of every run: offline (no telemetry, updates or error reports), a key that
 * only the scripted model sees, and as root `IS_SANDBOX=1`, without which Claude Code refuses
 * `--dangerously-skip-permissions`. Nothing else of this process leaks in, so a developer's own
 * `ANTHROPIC_API_KEY` or Claude Code settings never reach a test.
 */
export function claudeEnv(options: ClaudeCliOptions): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  return {
    ...inherited,
    CLAUDE_CONFIG_DIR: options.configDir,
    ANTHROPIC_API_KEY: 'scripted-model-key',
    IS_SANDBOX: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...options.env,
  };
}

/**
 * Runs the pinned `claude` with `args` and waits for it. On timeout the whole process group
 * (Claude Code and the hooks it started) is killed and the result says so in `stderr`.
 */
export async function runClaudeCli(args: string[], options: ClaudeCliOptions): Promise<ClaudeCliResult> {
  const bin = await claudePath();
  const child = spawn(bin, args, {
    cwd: options.cwd,
    env: claudeEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  };
  const timeoutMs = options.timeoutMs ?? 90_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  }).finally(() => clearTimeout(timer));
  // Hooks that outlived Claude Code (a hook never runs past its session) go with it.
  killGroup();
  if (timedOut) stderr += `\nclaude-code-harness: killed after ${timeoutMs} ms: claude ${args.join(' ')}`;
  return { exitCode, stdout, stderr };
}
