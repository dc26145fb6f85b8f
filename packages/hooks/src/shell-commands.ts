import { splitEnvAssignments, splitScript } from '@tier1/production-checker';

/** Words before the program that do not change what runs (`sudo`, `env FOO=1`, `time`). */
const WRAPPERS = new Set(['sudo', 'command', 'time', 'nohup', 'exec', 'env', 'builtin']);

/** A Bash call longer than this is read only this far: the commands that matter come first. */
const MAX_COMMAND_CHARS = 20_000;

/**
 * The commands of one Bash call, each as its words, without env assignments and wrappers:
 * `FOO=1 sudo git push origin main && echo ok` gives `[["git","push","origin","main"],["echo","ok"]]`.
 * Quotes are undone as a shell would; nothing is expanded or run.
 */
export function commandsOf(commandLine: string): string[][] {
  const commands: string[][] = [];
  for (const words of splitScript(commandLine.slice(0, MAX_COMMAND_CHARS))) {
    let rest = splitEnvAssignments(words).words;
    while (rest.length > 0 && WRAPPERS.has(rest[0] as string))
      rest = splitEnvAssignments(rest.slice(1)).words;
    if (rest.length > 0) commands.push(rest);
  }
  return commands;
}

/** The program's own name: `/usr/bin/git` → `git`. */
export function programOf(words: readonly string[]): string {
  return (words[0] ?? '').replace(/^.*[\\/]/, '');
}

/**
 * True when the call's exit status is that of every command in it: commands joined by `&&` only.
 * After a pipe, `;` or `||` the status is the last command's (`pnpm test | tail` exits 0 when tests fail).
 */
export function exitStatusCoversAll(commandLine: string): boolean {
  const unquoted = commandLine.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '""');
  return !/\|\||(?<!\|)\|(?!\|)|;|\n|(?<![&>])&(?![&>])/.test(unquoted.trim());
}
