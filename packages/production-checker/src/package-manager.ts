import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['pnpm-workspace.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

function declared(directory: string): PackageManager | undefined {
  const path = join(directory, 'package.json');
  if (!existsSync(path)) return undefined;
  try {
    const field = (JSON.parse(readFileSync(path, 'utf8')) as { packageManager?: unknown }).packageManager;
    const name = typeof field === 'string' ? field.split('@')[0] : undefined;
    return name === 'npm' || name === 'pnpm' || name === 'yarn' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The package manager a project's CI runs its scripts with: package.json `packageManager`
 * (what corepack enforces), else the lockfile, looked up from `root` to the workspace root
 * above it; npm when nothing says otherwise.
 */
export function detectPackageManager(root: string): PackageManager {
  let directory = root;
  for (;;) {
    const fromField = declared(directory);
    if (fromField) return fromField;
    const lock = LOCKFILES.find(([file]) => existsSync(join(directory, file)));
    if (lock) return lock[1];
    const parent = dirname(directory);
    if (parent === directory || existsSync(join(directory, '.git'))) return 'npm';
    directory = parent;
  }
}
