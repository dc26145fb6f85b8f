import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sessionStart } from '../test/payloads';
import { HookInputError } from './hook-input';
import { readHookInput } from './read-hook-input';

const settings = { supportedTools: ['bash'], maxInputBytes: 1000, readTimeoutMs: 2000 };

describe('readHookInput', () => {
  it('reads and parses one input', async () => {
    const input = await readHookInput(Readable.from([JSON.stringify(sessionStart('s1'))]), settings);
    expect(input).toMatchObject({ hook_event_name: 'SessionStart', session_id: 's1' });
  });

  it('refuses an input over the limit without parsing it, naming the variable', async () => {
    const read = readHookInput(Readable.from(['x'.repeat(5000)]), settings);
    await expect(read).rejects.toThrow(HookInputError);
    await expect(readHookInput(Readable.from(['x'.repeat(5000)]), settings)).rejects.toThrow(
      /TIER1_HOOK_MAX_INPUT_BYTES/,
    );
  });

  it('refuses what is not a hook input', async () => {
    await expect(readHookInput(Readable.from(['[1,2]']), settings)).rejects.toThrow(HookInputError);
  });
});
