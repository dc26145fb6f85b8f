/** Marks the slash command file `tier1 hooks install` wrote, so uninstall never deletes a user's own. */
export const COMMAND_MARKER = '# installed by tier1 hooks install';

/*
 * A custom slash command is a Markdown file in .claude/commands/ (or ~/.claude/commands/); its
 * name is the file name. Front matter sets `description` and `allowed-tools`; a line with
 * !`command` runs the command and puts its output into the prompt
 * (https://code.claude.com/docs/en/slash-commands, "Custom slash commands", "Bash command execution").
 */
export function productionCheckCommand(tier1: string, marker?: string): string {
  // A NO-GO is the report's news, not a failure of the command: Claude Code drops the output of
  // a !`command` that exits non-zero.
  const check = `${tier1} check --format markdown --fail-on never`;
  return `---
${marker === undefined ? '' : `${marker}\n`}description: Run Tier 1's production readiness checks and show the report
allowed-tools: Bash(${check}:*)
---
## Production readiness report

!\`${check}\`

Show the report above to the user as it is. Then state the decision (go, warning or no-go) in one
sentence and, for each failed check, what to fix first.
`;
}
