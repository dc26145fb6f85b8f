import { runCommand } from './run-command';

/** Runs git in the project; undefined when git fails (not a repository) or is not installed. */
export async function git(root: string, args: string[], signal?: AbortSignal): Promise<string | undefined> {
  const outcome = await runCommand(['git', ...args], { cwd: root, signal });
  return outcome.exitCode === 0 ? outcome.stdout : undefined;
}
