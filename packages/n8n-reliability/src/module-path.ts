import { isAbsolute } from 'node:path';

/** A module specifier that names a file (`./handlers.mjs`, `/srv/handlers.mjs`), not a package. */
export function isModulePath(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier);
}
