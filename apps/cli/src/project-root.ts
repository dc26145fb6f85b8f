import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The project a `tier1` command works on, from the folder it was run in: the nearest folder,
 * this one or above, that already has Tier 1's `.tier1`, else the nearest with a `.git`, else
 * the folder itself. Run from `src/`, a command so finds the project's store instead of
 * starting a second one there.
 */
export function findProjectRoot(start: string): string {
  const from = resolve(start);
  return nearestWith(from, '.tier1') ?? nearestWith(from, '.git') ?? from;
}

function nearestWith(start: string, entry: string): string | undefined {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, entry))) return directory;
    if (dirname(directory) === directory) return undefined;
  }
}
