import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The hook process loads this package on every tool call; @tier1/events alone would add
// zod (~75 ms), and node:crypto, node:os or fs/promises cost start-up time too. Reading
// tier1.keywords.json needs node:fs and node:path, which node has loaded before any user code.
// @tier1/core (the Tier1Error base) has no dependencies; the hook's own budget test
// (apps/hook-runner) lists every module the bundle loads. Type-only imports are erased.
const sourceDirectory = join(dirname(fileURLToPath(import.meta.url)), '../src');
const ALLOWED_IMPORTS = ['node:fs', 'node:path', '@tier1/core'];

describe('runtime dependencies', () => {
  it('the package source imports only its own files, node:fs, node:path and @tier1/core at run time', () => {
    const runtimeImports: string[] = [];
    for (const file of readdirSync(sourceDirectory).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    )) {
      const source = readFileSync(join(sourceDirectory, file), 'utf8');
      for (const match of source.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)) {
        const [, typeOnly, specifier] = match;
        if (!typeOnly && !specifier?.startsWith('./') && !ALLOWED_IMPORTS.includes(specifier ?? ''))
          runtimeImports.push(`${file}: ${specifier}`);
      }
    }
    expect(runtimeImports).toEqual([]);
  });
});
