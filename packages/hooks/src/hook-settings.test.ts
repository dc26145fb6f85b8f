import { ConfigError } from '@tier1/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPPORTED_TOOLS } from './action-item-hook';
import { readHookSettings } from './hook-settings';
import { DEFAULT_MAX_INPUT_BYTES, DEFAULT_READ_TIMEOUT_MS } from './read-bounded';

describe('readHookSettings', () => {
  it('gives the defaults for an empty environment', () => {
    expect(readHookSettings({})).toEqual({
      supportedTools: [...DEFAULT_SUPPORTED_TOOLS],
      maxInputBytes: DEFAULT_MAX_INPUT_BYTES,
      readTimeoutMs: DEFAULT_READ_TIMEOUT_MS,
    });
  });

  it('reads the tools lower-cased and the limits as whole numbers', () => {
    expect(
      readHookSettings({
        TIER1_HOOK_TOOLS: ' Bash, ,Write ',
        TIER1_HOOK_MAX_INPUT_BYTES: '1024',
        TIER1_HOOK_STDIN_TIMEOUT_MS: '250',
      }),
    ).toEqual({ supportedTools: ['bash', 'write'], maxInputBytes: 1024, readTimeoutMs: 250 });
  });

  it('refuses a limit that is not a positive whole number, naming the variable', () => {
    expect(() => readHookSettings({ TIER1_HOOK_MAX_INPUT_BYTES: '-1' })).toThrow(ConfigError);
    expect(() => readHookSettings({ TIER1_HOOK_STDIN_TIMEOUT_MS: '1.5' })).toThrow(
      /TIER1_HOOK_STDIN_TIMEOUT_MS/,
    );
  });
});
