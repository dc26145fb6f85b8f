import { createRequire } from 'node:module';

/**
 * The absolute path of the installed `tier1-hook` bin (`@tier1/hook-runner`), the command
 * `tier1 hooks install` writes into settings.json when `tier1-hook` is not on PATH. Resolved as
 * a file, not imported: the CLI uses the hook's code through `@tier1/hooks`.
 */
export function tier1HookBinPath(): string {
  return createRequire(import.meta.url).resolve('@tier1/hook-runner/bin/tier1-hook.cjs');
}
