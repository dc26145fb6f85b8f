import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// Measurements against the real n8n, run on demand (`pnpm measure`), never by `pnpm test`.
export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    include: ['test/**/*.measure.ts'],
    globalSetup: ['test/real-n8n-global-setup.ts'],
    reporters: ['default'],
  },
});
