import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tier1Error } from '../errors';

/**
 * The folder drizzle-kit wrote the migrations to. Walks up from this module, so the same code finds
 * `packages/events/migrations` (the copy the build makes, shipped in the published package, next to
 * `dist/`) and the top-level `migrations/` when it runs from source in this repository.
 */
export function findMigrationsFolder(start: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let directory = start; ; directory = dirname(directory)) {
    const candidate = join(directory, 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (dirname(directory) === directory) {
      throw new Tier1Error('MIGRATIONS_MISSING', `no migrations folder found above ${start}`, {
        hint: 'rebuild @tier1/events (pnpm -s turbo run build --filter=@tier1/events) or reinstall it',
      });
    }
  }
}
