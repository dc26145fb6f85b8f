import { readFileSync } from 'node:fs';
import { formatUserError, Tier1Error } from '@tier1/core';
import { type CommandContext, createContext, UsageError } from './command';
import { COMMANDS, type CommandTable } from './commands';
import { writeLine } from './write-output';

/** This install's version: package.json sits one folder above both `src/` and the built `dist/`. */
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
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
    return error.userMistake ? 2 : 1;
  }
}
