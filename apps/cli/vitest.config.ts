import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// `tier1 n8n` runs against the real n8n the n8n layer's tests start (test/n8n-real-n8n.test.ts).
export default mergeConfig(shared, {
  test: { globalSetup: ['../../packages/n8n-reliability/test/real-n8n-global-setup.ts'] },
});
