import { fileURLToPath } from 'node:url';

/**
 * The absolute path of this checkout's `bin/tier1-hook.cjs`. This module sits one directory
 * below the package root both as source (`src/`) and built (`dist/`), so the path holds for both.
 */
export function tier1HookBinPath(): string {
  return fileURLToPath(new URL('../bin/tier1-hook.cjs', import.meta.url));
}
