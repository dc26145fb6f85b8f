import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';

/**
 * Node 20 cannot run TypeScript, so tests that need real child processes bundle a fixture
 * (and the sources it imports) into one .mjs file first. Everything is bundled, so the output
 * runs from a temporary directory. Workspace packages are compiled from their sources (the
 * `@tier1/source` condition), so a fixture needs no prior build.
 */
export async function bundleScripts(
  entries: Record<string, string>,
): Promise<{ path(name: string): string; remove(): void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'tier1-bundle-'));
  await build({
    entry: entries,
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    noExternal: [/./],
    silent: true,
    dts: false,
    sourcemap: false,
    config: false,
    outExtension: () => ({ js: '.mjs' }),
    esbuildOptions(options) {
      options.conditions = ['@tier1/source', 'import', 'node'];
    },
  });
  return {
    path: (name) => join(outDir, `${name}.mjs`),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
