import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './command';

/** The two kinds of parseArgs option, so that a command's options read as one line: `{ json: FLAG, port: VALUE }`. */
export const FLAG = { type: 'boolean' } as const;
export const VALUE = { type: 'string' } as const;

/** node:util parseArgs with its errors turned into usage errors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  allowPositionals = true,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** A command that takes `expected` positionals refuses one more. */
export function noMorePositionals(positionals: string[], expected: number): void {
  const extra = positionals[expected];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
}
