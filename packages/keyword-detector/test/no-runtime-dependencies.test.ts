import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The hook process loads this package on every tool call; @tier1/events alone would add
// zod (~75 ms). Type-only imports are erased at build time and are allowed.
const sourceDirectory = join(dirname(fileURLToPath(import.meta.url)), '../src');

describe('runtime dependencies', () => {
  it('the package source imports only its own files and node built-ins at run time', () => {
    const runtimeImports: string[] = [];
    for (const file of readdirSync(sourceDirectory).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    )) {
      const source = readFileSync(join(sourceDirectory, file), 'utf8');
      for (const match of source.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)) {
        const [, typeOnly, specifier] = match;
        if (!typeOnly && !specifier?.startsWith('./') && !specifier?.startsWith('node:'))
          runtimeImports.push(`${file}: ${specifier}`);
      }
    }
    expect(runtimeImports).toEqual([]);
  });
});
