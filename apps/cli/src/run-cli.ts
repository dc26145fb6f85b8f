import { readFileSync } from 'node:fs';
import { ConfigError, formatUserError, Tier1Error, ValidationError } from '@tier1/core';
import { KeywordDetectorOptionsError } from '@tier1/keyword-detector';
import { type CommandContext, createContext, UsageError, writeLine } from './command';
import { COMMANDS, type CommandTable } from './commands';

/** This install's version: package.json sits one folder above both `src/` and the built `dist/`. */
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Codes of a file or store the user named that cannot be used as named (`tier1 db restore`). */
const USER_MISTAKE_CODES = new Set([
  'BACKUP_DAMAGED',
  'BACKUP_UNREADABLE',
  'BACKUP_UNSUPPORTED',
  'BACKUP_UNWRITABLE',
  'STORE_NOT_EMPTY',
]);

/** A mistake in the call, the configuration or a file the user wrote: exit 2, not 1 (a failure). */
function isUserMistake(error: Tier1Error): boolean {
  return (
    USER_MISTAKE_CODES.has(error.code) ||
    UsageError.isInstance(error) ||
    ConfigError.isInstance(error) ||
    ValidationError.isInstance(error) ||
    KeywordDetectorOptionsError.isInstance(error)
  );
}

function overview(commands: CommandTable): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    'Usage: tier1 <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run tier1 <command> --help for its options, tier1 --version for the version.',
  ].join('\n');
}

/** Runs one `tier1` invocation and returns its exit code: 0 success, 1 failure, 2 usage or configuration error. */
export async function runCli(
  argv: string[],
  context: CommandContext = createContext(),
  commands: CommandTable = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    writeLine(context.stdout, cliVersion());
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(context.stdout, overview(commands));
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (!entry) {
    writeLine(context.stderr, `tier1: unknown command "${name}"\n\n${overview(commands)}`);
    return 2;
  }
  const command = (await entry.load()).default;
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(context.stdout, command.usage);
    return 0;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    if (!Tier1Error.isInstance(error)) throw error;
    writeLine(context.stderr, `tier1 ${name}: ${formatUserError(error)}`);
    if (UsageError.isInstance(error)) writeLine(context.stderr, `\n${command.usage}`);
    return isUserMistake(error) ? 2 : 1;
  }
}
