import { loadConfig, type Tier1Config, Tier1Error } from '@tier1/core';
import { findProjectRoot } from './project-root';

/** A mistake in how the command was called: exit 2 with the usage. */
export class UsageError extends Tier1Error {
  constructor(message: string, hint?: string) {
    super('USAGE', message, { hint, userMistake: true });
  }

  static override isInstance(value: unknown): value is UsageError {
    return Tier1Error.hasCode(value, 'USAGE');
  }
}

export interface CommandContext {
  cwd: string;
  /** The project's root (`findProjectRoot`): where `.tier1`, `.env` and `.claude` are. */
  projectDir: string;
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Read once, on first use, so commands that need no configuration never fail on it. */
  config(): Tier1Config;
}

export interface Command {
  /** Shown by `tier1 <name> --help` and after a usage error. */
  usage: string;
  /** Returns the exit code. */
  run(argv: string[], context: CommandContext): Promise<number>;
}

/** One subcommand of a command, e.g. `list` of `tier1 events list`; returns the exit code. */
export type Subcommand = (argv: string[], context: CommandContext) => number | Promise<number>;

/**
 * The one dispatch of `tier1 <command> <subcommand> [options]`, for every command that has
 * subcommands: a missing or unknown subcommand is a UsageError naming the ones there are.
 */
export function routeSubcommands(
  command: string,
  subcommands: Readonly<Record<string, Subcommand>>,
): Command['run'] {
  const names = Object.keys(subcommands);
  const hint = `use tier1 ${command} ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return async (argv, context) => {
    const [name, ...rest] = argv;
    const subcommand = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (!subcommand) {
      throw new UsageError(
        name === undefined ? 'a subcommand is missing' : `unknown subcommand "${name}"`,
        hint,
      );
    }
    return subcommand(rest, context);
  };
}

export function createContext(options: Partial<Omit<CommandContext, 'config'>> = {}): CommandContext {
  const cwd = options.cwd ?? process.cwd();
  const projectDir = options.projectDir ?? findProjectRoot(cwd);
  const env = options.env ?? process.env;
  let config: Tier1Config | undefined;
  return {
    cwd,
    projectDir,
    env,
    stdin: options.stdin ?? process.stdin,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    config: () => {
      config ??= loadConfig({ cwd: projectDir, env });
      return config;
    },
  };
}
