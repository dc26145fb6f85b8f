import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'coverage',
  '.venv',
  'venv',
  '__pycache__',
  'target',
  '.tier1',
  '.turbo',
]);

/** Project-relative paths (forward slashes) of the files whose name matches, skipping dependency and build folders. */
export function findFiles(
  root: string,
  matches: (name: string, relativePath: string) => boolean,
  maxDepth = 8,
): string[] {
  const found: string[] = [];
  const visit = (directory: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth && !SKIPPED_DIRECTORIES.has(entry.name)) visit(path, depth + 1);
      } else if (entry.isFile()) {
        const relativePath = relative(root, path).split('\\').join('/');
        if (matches(entry.name, relativePath)) found.push(relativePath);
      }
    }
  };
  visit(root, 0);
  return found.sort();
}
