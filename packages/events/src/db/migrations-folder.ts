import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tier1Error } from '@tier1/core';

/**
 * The folder drizzle-kit wrote the migrations to. Built, this module is bundled into
 * `dist/index.js`, and the build copies the migrations to `dist/../migrations` (shipped in the
 * published package). From source (`src/db/`), they are the repository's top-level `migrations/`;
 * the build copy is not looked at then, so it can never shadow a newer migration.
 */
export function findMigrationsFolder(
  moduleDirectory: string = dirname(fileURLToPath(import.meta.url)),
): string {
  const candidates = [
    join(moduleDirectory, '..', 'migrations'),
    join(moduleDirectory, '..', '..', '..', '..', 'migrations'),
  ];
  const found = candidates.find((candidate) => existsSync(join(candidate, 'meta', '_journal.json')));
  if (found) return found;
  throw new Tier1Error('MIGRATIONS_MISSING', `no migrations folder at ${candidates.join(' or ')}`, {
    hint: 'rebuild @tier1/events (pnpm -s turbo run build --filter=@tier1/events) or reinstall it',
  });
}
