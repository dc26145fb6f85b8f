import { type HookInput, HookInputError, parseHookInput } from './hook-input';
import type { HookSettings } from './hook-settings';
import { type BoundedReadResult, type ByteSource, readBounded } from './read-bounded';

function describeReadProblem(
  result: Exclude<BoundedReadResult, { kind: 'ok' }>,
  settings: HookSettings,
): string {
  switch (result.kind) {
    case 'too_large':
      return `stdin is larger than ${settings.maxInputBytes} bytes (TIER1_HOOK_MAX_INPUT_BYTES); the input was not read`;
    case 'timeout':
      return `stdin did not close within ${settings.readTimeoutMs} ms (TIER1_HOOK_STDIN_TIMEOUT_MS; ${result.bytesRead} bytes read)`;
    case 'error':
      return `stdin could not be read (${result.message})`;
  }
}

/** Reads one hook input within the size and time limits and parses it; a HookInputError otherwise. */
export async function readHookInput(stdin: ByteSource, settings: HookSettings): Promise<HookInput> {
  const read = await readBounded(stdin, {
    maxBytes: settings.maxInputBytes,
    timeoutMs: settings.readTimeoutMs,
  });
  if (read.kind !== 'ok') throw new HookInputError(describeReadProblem(read, settings));
  return parseHookInput(read.text);
}
