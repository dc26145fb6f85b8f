import { defineConfig } from 'vitest/config';

// `@tier1/source` resolves workspace packages to their TypeScript sources, so a test sees
// the current code of its dependencies without a rebuild. Each run also writes a JSON
// report that scripts/test-summary.mjs totals into one closing line.
export default defineConfig({
  resolve: { conditions: ['@tier1/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
