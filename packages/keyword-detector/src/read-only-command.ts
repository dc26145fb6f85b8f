/**
 * Commands that show what already exists (history, files, search results) rather than do
 * something. Their output is full of completion words that report nothing: `git log`
 * prints "fix: resolved race", `cat CHANGELOG.md` prints "Fixed", `grep -r deployed`
 * prints every line that says so. A bare program name covers every use of it; a
 * "program subcommand" pair covers only that subcommand.
 */
export const READ_ONLY_COMMANDS: readonly string[] = [
  'git log',
  'git show',
  'git diff',
  'git status',
  'git blame',
  'git grep',
  'git branch',
  'git reflog',
  'git shortlog',
  'cat',
  'head',
  'tail',
  'less',
  'more',
  'grep',
  'egrep',
  'rg',
  'ag',
  'ls',
  'find',
  'fd',
  'tree',
  'wc',
  'echo',
  'printf',
  'diff',
  'jq',
  'which',
  'pwd',
  'stat',
  'file',
  'nl',
];

// `&&`, `||`, `;`, `|` and line breaks separate commands; an env assignment or `sudo`
// before the program does not change what it is.
const COMMAND_SEPARATOR = /&&|\|\||[;|\n]/;
const LEADING_NOISE = /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+|sudo\s+|command\s+|time\s+)+/;

/**
 * The read-only command when every command in `commandLine` is one, else undefined
 * (`pnpm test | tail -5` runs the tests, so it is not read-only).
 */
export function readOnlyCommand(
  commandLine: string | undefined,
  readOnlyCommands: readonly string[],
): string | undefined {
  if (!commandLine?.trim()) return undefined;
  let first: string | undefined;
  for (const segment of commandLine.slice(0, 2000).split(COMMAND_SEPARATOR)) {
    const words = segment.trim().replace(LEADING_NOISE, '').split(/\s+/);
    if (words[0] === '') continue;
    const program = (words[0] ?? '').replace(/^.*\//, '');
    const pair = `${program} ${words.find((word, index) => index > 0 && !word.startsWith('-')) ?? ''}`;
    const known = readOnlyCommands.find((entry) => entry === program || entry === pair);
    if (!known) return undefined;
    first ??= known;
  }
  return first;
}
