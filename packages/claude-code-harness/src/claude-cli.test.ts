import { describe, expect, test, vi } from 'vitest';
import { claudeEnv } from './claude-cli.js';

describe('claudeEnv', () => {
  test("keeps the developer's own key and Claude Code settings out, and runs offline", () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'a-real-key');
    vi.stubEnv('CLAUDE_CODE_USE_BEDROCK', '1');
    try {
      const env = claudeEnv({ cwd: '/p', configDir: '/c', env: { EXTRA: 'x' } });
      expect(env.ANTHROPIC_API_KEY).toBe('scripted-model-key');
      expect(env.CLAUDE_CODE_USE_BEDROCK).toBeUndefined();
      expect(env).toMatchObject({
        CLAUDE_CONFIG_DIR: '/c',
        IS_SANDBOX: '1',
        EXTRA: 'x',
        PATH: process.env.PATH,
      });
      expect(env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC).toBe('1');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
