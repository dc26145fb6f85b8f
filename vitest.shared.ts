import { defineConfig } from 'vitest/config';

// `@tier1/source` resolves workspace packages to their TypeScript sources, so a test sees
// the current code of its dependencies without a rebuild. Each run also writes a JSON
// report that scripts/test-summary.mjs totals into one closing line.
// Tests run in Vite's server (SSR) environment, whose conditions replace the client's: both
// get `@tier1/source`, the server keeping Vite's own defaults after it.
export default defineConfig({
  resolve: { conditions: ['@tier1/source'] },
  ssr: { resolve: { conditions: ['@tier1/source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
