import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout's `bin/tier1.mjs`, found from the running code (its source or its build). */
export function tier1BinPath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'bin', 'tier1.mjs')) && dirname(directory) !== directory)
    directory = dirname(directory);
  return join(directory, 'bin', 'tier1.mjs');
}
