import { readIntegerVariable } from '@tier1/core';
import { DEFAULT_SUPPORTED_TOOLS } from './action-item-hook';
import { DEFAULT_MAX_INPUT_BYTES, DEFAULT_READ_TIMEOUT_MS } from './read-bounded';

/** Hook-only settings, read from the same environment as Tier1Config (docs/hook-runner.md). */
export interface HookSettings {
  supportedTools: string[];
  maxInputBytes: number;
  readTimeoutMs: number;
}

/** TIER1_HOOK_TOOLS, TIER1_HOOK_MAX_INPUT_BYTES and TIER1_HOOK_STDIN_TIMEOUT_MS; a bad one is a ConfigError. */
export function readHookSettings(env: Record<string, string | undefined>): HookSettings {
  const tools = env.TIER1_HOOK_TOOLS?.split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return {
    supportedTools: tools && tools.length > 0 ? tools : [...DEFAULT_SUPPORTED_TOOLS],
    maxInputBytes: readIntegerVariable(env, 'TIER1_HOOK_MAX_INPUT_BYTES', {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      fallback: DEFAULT_MAX_INPUT_BYTES,
      example: '8388608',
    }),
    readTimeoutMs: readIntegerVariable(env, 'TIER1_HOOK_STDIN_TIMEOUT_MS', {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      fallback: DEFAULT_READ_TIMEOUT_MS,
      example: '5000',
    }),
  };
}
