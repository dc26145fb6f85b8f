import { ValidationError } from '@tier1/core';
import { execa } from 'execa';
import {
  parseTaskOutput,
  type TierAttemptResult,
  type TierExecutor,
  type TierTask,
} from './execution-result';
import { DEFAULT_COMMAND_TEMPLATE } from './n8n-config';

export interface CommandTierOptions {
  /**
   * The program and its arguments; `{task}` and `{idempotencyKey}` are replaced inside each
   * argument. A string is split on whitespace. Default `systemctl start tier1-task@{task}`.
   */
  template?: string | readonly string[];
  /** Extra environment for the command. */
  env?: Record<string, string>;
  cwd?: string;
  /** After the timeout's SIGTERM, how long before SIGKILL. Default 2 s. */
  forceKillAfterMs?: number;
}

// Linux refuses a single environment string over 128 KiB (MAX_ARG_STRLEN); stay well under it.
const MAX_PARAMS_BYTES = 100_000;
// A task name ends up in an argument such as a systemd unit name; keep it to plain characters.
const TASK_NAME_PATTERN = /^[A-Za-z0-9_.@-]{1,100}$/;

export function parseCommandTemplate(template: string | readonly string[]): string[] {
  const parts = typeof template === 'string' ? template.trim().split(/\s+/) : [...template];
  if (parts.length === 0 || !parts[0])
    throw new ValidationError(
      'command template',
      'is empty',
      'give at least the program to run, e.g. "systemctl start tier1-task@{task}"',
    );
  return parts;
}

/**
 * Tier 3: runs the command template through execa WITHOUT a shell, so nothing in the task or its
 * params can become shell syntax. The params travel as JSON in `TIER1_TASK_PARAMS`, never on the
 * command line; the key in `TIER1_IDEMPOTENCY_KEY`, so the command can skip a job already done.
 * Note that `systemctl start` does not pass its caller's environment to the unit: a unit that
 * needs the params should be started through a wrapper script named in the template.
 */
export class CommandTier implements TierExecutor {
  readonly template: readonly string[];
  readonly #options: CommandTierOptions;

  constructor(options: CommandTierOptions = {}) {
    this.template = parseCommandTemplate(options.template ?? DEFAULT_COMMAND_TEMPLATE);
    this.#options = options;
  }

  commandFor(task: Pick<TierTask, 'taskName' | 'idempotencyKey'>): string[] {
    return this.template.map((part) =>
      part.replaceAll('{task}', task.taskName).replaceAll('{idempotencyKey}', task.idempotencyKey),
    );
  }

  async execute(task: TierTask, timeoutMs: number): Promise<TierAttemptResult> {
    if (!TASK_NAME_PATTERN.test(task.taskName)) {
      return {
        outcome: 'failed',
        errorMessage: `task name "${task.taskName}" may only use A-Z a-z 0-9 _ . @ - in a command`,
      };
    }
    const params = JSON.stringify(task.params);
    if (Buffer.byteLength(params) > MAX_PARAMS_BYTES) {
      return {
        outcome: 'failed',
        errorMessage: `params are ${Buffer.byteLength(params)} bytes as JSON, over the ${MAX_PARAMS_BYTES} a command's environment can carry`,
      };
    }
    const [program, ...args] = this.commandFor(task) as [string, ...string[]];
    const shown = [program, ...args].join(' ');
    const result = await execa(program, args, {
      shell: false,
      reject: false,
      stdin: 'ignore',
      cwd: this.#options.cwd,
      env: {
        ...this.#options.env,
        TIER1_TASK_NAME: task.taskName,
        TIER1_TASK_PARAMS: params,
        TIER1_IDEMPOTENCY_KEY: task.idempotencyKey,
      },
      timeout: timeoutMs,
      killSignal: 'SIGTERM',
      forceKillAfterDelay: this.#options.forceKillAfterMs ?? 2_000,
      maxBuffer: 1_000_000,
    });
    if (result.timedOut) {
      return {
        outcome: 'indeterminate',
        errorMessage: `${shown} did not finish within ${timeoutMs} ms and was stopped`,
      };
    }
    if (result.exitCode === 0)
      return { outcome: 'succeeded', errorMessage: null, output: parseTaskOutput(String(result.stdout)) };
    if (result.code === 'ENOENT')
      return { outcome: 'failed', errorMessage: `${program} was not found (is it installed and on PATH?)` };
    const why =
      result.exitCode !== undefined
        ? `exited with ${result.exitCode}`
        : `ended by ${result.signal ?? result.code ?? 'an error'}`;
    const stderr = String(result.stderr ?? '')
      .trim()
      .split('\n')
      .pop();
    return {
      outcome: 'failed',
      errorMessage: `${shown} ${why}${stderr ? `: ${stderr.slice(0, 200)}` : ''}`,
      output: parseTaskOutput(String(result.stdout ?? '')),
    };
  }
}
