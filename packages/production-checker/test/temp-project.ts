import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * This repository's vitest package, by its real path. A temporary project gets vitest without a
 * network install by symlinking `node_modules/vitest` to it: Node follows the link to the real
 * path under node_modules/.pnpm, so vitest's own dependencies resolve from there, and the
 * project's `import { test } from 'vitest'` resolves through the link.
 */
export const REPO_VITEST = realpathSync(dirname(require.resolve('vitest/package.json')));

export interface TempProjectOptions {
  /** Link this repository's vitest into node_modules. */
  vitest?: boolean;
  /** `git init` and commit every file. */
  git?: boolean;
  /** A name for the folder; may hold characters a shell would interpret. */
  folderName?: string;
}

const created: string[] = [];

export function createTempProject(files: Record<string, string>, options: TempProjectOptions = {}): string {
  const parent = mkdtempSync(join(tmpdir(), 'tier1-pc-'));
  created.push(parent);
  const root = join(parent, options.folderName ?? 'project');
  mkdirSync(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  if (options.vitest) {
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    symlinkSync(REPO_VITEST, join(root, 'node_modules', 'vitest'), 'dir');
    // The bin link an install makes: test scripts run `vitest` through the package manager.
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join(REPO_VITEST, 'vitest.mjs'), join(root, 'node_modules', '.bin', 'vitest'));
  }
  if (options.git) {
    if (options.vitest) writeFileSync(join(root, '.gitignore'), 'node_modules\n');
    gitIn(root, 'init', '-q', '-b', 'main');
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-q', '-m', 'initial');
  }
  return root;
}

export function gitIn(root: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=tier1 test',
      '-c',
      'user.email=test@tier1.invalid',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
}

/** The parent folder a project was created in (where a stray `pwned` file would land). */
export function parentOf(root: string): string {
  return dirname(root);
}

export function removeTempProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const README = `# Sample service

A small service used to exercise the production checker. It answers health checks and keeps a
list of items in memory. This paragraph is here so the README is long enough to count as
substantial documentation rather than a placeholder: it says what the project is for, who runs
it and where its configuration lives.

## Installation

Run npm install in the project folder. Node 20.19 or later is required; nothing else.

## Usage

Start it with npm start, then open http://localhost:3000/health. Run npm test for the tests.
`;
