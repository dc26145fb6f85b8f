import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tier1Error } from '@tier1/core';
import { parseGitignore } from './gitignore';

export interface ProjectFiles {
  /** Relative to the root, forward slashes, sorted. */
  files: string[];
  /** `git`: what `git ls-files` reports; `walk`: not a git repository, the tree minus the root .gitignore. */
  source: 'git' | 'walk';
}

/**
 * Tier 1's own local state (`.tier1/`: its store, spool and lock files) is never scanned, in a
 * repository or not: it is Tier 1's, and it ignores itself (docs/secret-scanning.md).
 */
const TIER1_HOME_FOLDER = '.tier1';

/** Never scanned when walking a tree that is not a git repository. */
const ALWAYS_SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'dist', TIER1_HOME_FOLDER]);

function inTier1Home(file: string): boolean {
  return file.split('/').slice(0, -1).includes(TIER1_HOME_FOLDER);
}

/** git failed for a reason other than "this is not a repository". */
export class FileListError extends Tier1Error {
  constructor(root: string, problem: string) {
    super('SECRET_SCAN_FILE_LIST_FAILED', `${root}: git could not list the files to scan (${problem})`, {
      hint: 'run `git ls-files` in the project to see the problem, or fix the repository',
    });
  }
}

interface GitOutcome {
  /** The exit code; undefined when git could not be started or its output was too large. */
  exitCode: number | undefined;
  /** Why git could not be started or finished (ENOENT: no git). */
  problem?: { code: string; message: string };
  stdout: string;
  stderr: string;
}

/** `git ls-files`, with node:child_process: loading execa costs more than the listing (docs/production-checker.md, "Loading"). */
function runGitLsFiles(root: string, which: readonly string[], signal?: AbortSignal): Promise<GitOutcome> {
  const args = ['ls-files', '-z', ...which];
  const options = {
    cwd: root,
    encoding: 'utf8' as const,
    maxBuffer: 512 * 1024 * 1024,
    ...(signal ? { signal } : {}),
  };
  return new Promise((resolve, reject) => {
    execFile('git', args, options, (error, stdout, stderr) => {
      if (signal?.aborted) return reject(signal.reason);
      if (!error) return resolve({ exitCode: 0, stdout, stderr });
      const { code } = error as { code?: number | string };
      if (typeof code === 'number') return resolve({ exitCode: code, stdout, stderr });
      resolve({ exitCode: undefined, problem: { code: code ?? '', message: error.message }, stdout, stderr });
    });
  });
}

/** What `git ls-files` lists with these options; undefined outside a repository. */
async function gitFiles(
  root: string,
  which: readonly string[],
  signal?: AbortSignal,
): Promise<string[] | undefined> {
  const result = await runGitLsFiles(root, which, signal);
  if (result.exitCode === 0) return [...new Set(result.stdout.split('\0').filter((file) => file !== ''))];
  if (result.problem?.code === 'ENOENT' || /not a git repository/i.test(result.stderr)) return undefined;
  const firstLine = result.stderr.trim().split('\n')[0] || result.problem?.message;
  throw new FileListError(root, firstLine ?? `exit code ${result.exitCode}`);
}

async function walkFiles(root: string, signal?: AbortSignal): Promise<string[]> {
  const gitignore = await readFile(join(root, '.gitignore'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const ignored = parseGitignore(gitignore);
  const files: string[] = [];
  const visit = async (relative: string): Promise<void> => {
    signal?.throwIfAborted();
    const entries = await readdir(relative === '' ? root : join(root, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      // Symbolic links are not followed: they may point outside the project.
      if (entry.isDirectory()) {
        if (!ALWAYS_SKIPPED_FOLDERS.has(entry.name) && !ignored(path, true)) await visit(path);
      } else if (entry.isFile() && !ignored(path, false)) {
        files.push(path);
      }
    }
  };
  await visit('');
  return files;
}

/** The files a secret scan covers, in two parts: the second may still be being listed. */
export interface ProjectFileParts {
  /** Tracked files (git's index, at once), or the whole walk outside a repository. */
  first: string[];
  /** Untracked files that are not ignored (git walks the tree for them); none outside a repository. */
  rest: Promise<string[]>;
  source: 'git' | 'walk';
}

/**
 * Tracked files plus untracked files that are not ignored: the latter are what the next
 * `git add .` commits, and a freshly written `.env` nobody ignored is exactly the leak to catch.
 * The tracked files come first: git reads them from its index at once, while finding the
 * untracked ones walks the tree, and a scan can start on the former meanwhile.
 */
export async function listProjectFileParts(root: string, signal?: AbortSignal): Promise<ProjectFileParts> {
  const untracked = gitFiles(root, ['--others', '--exclude-standard'], signal);
  // Awaited below in a repository; outside one it is not needed, and its failure is not a failure.
  untracked.catch(() => undefined);
  const tracked = await gitFiles(root, ['--cached'], signal);
  const keep = (file: string) => !inTier1Home(file);
  if (!tracked)
    return { first: (await walkFiles(root, signal)).filter(keep), rest: Promise.resolve([]), source: 'walk' };
  const first = tracked.filter(keep);
  const listed = new Set(first);
  const rest = untracked.then((files = []) => files.filter((file) => keep(file) && !listed.has(file)));
  // A caller that stops before awaiting it (an invalid baseline) must not see an unhandled rejection.
  rest.catch(() => undefined);
  return { first, rest, source: 'git' };
}

/** The files a secret scan covers: what git would commit, or the tree when there is no repository. */
export async function listProjectFiles(root: string, signal?: AbortSignal): Promise<ProjectFiles> {
  const { first, rest, source } = await listProjectFileParts(root, signal);
  return { files: [...first, ...(await rest)].sort(), source };
}
