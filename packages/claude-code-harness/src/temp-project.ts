import { execFile } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TempProject {
  /** The project's real path (macOS's /tmp is a link; Claude Code reports real paths). */
  dir: string;
  remove(): Promise<void>;
}

/** A fresh project folder in the temp dir; with `git`, a repository with a committer set, so `git commit` works. */
export async function createTempProject(options: { git?: boolean } = {}): Promise<TempProject> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'tier1-project-')));
  if (options.git) {
    await run('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    await run('git', ['config', 'user.email', 'harness@example.com'], { cwd: dir });
    await run('git', ['config', 'user.name', 'Tier 1 harness'], { cwd: dir });
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
