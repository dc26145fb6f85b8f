/** Claude Code writes the whole input at once; a payload this big is a runaway tool output, not a hook input. */
export const DEFAULT_MAX_INPUT_BYTES = 8 * 1024 * 1024;
/** Claude Code closes stdin right after writing; a stdin open this long will never bring an input. */
export const DEFAULT_READ_TIMEOUT_MS = 5_000;

export type BoundedReadResult =
  | { kind: 'ok'; text: string }
  | { kind: 'too_large'; bytesRead: number }
  | { kind: 'timeout'; bytesRead: number }
  | { kind: 'error'; message: string };

/** What readBounded needs of its input: a Node stream, or the hook's FileDescriptorReader of fd 0. */
export interface ByteSource {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  removeListener(event: 'end', listener: () => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  destroy?(): void;
}

export interface BoundedReadOptions {
  maxBytes?: number;
  timeoutMs?: number;
}

/**
 * Reads a stream to its end, but never more than `maxBytes` and never longer than `timeoutMs`:
 * the hook must not hang on a stdin that never closes nor hold 50 MB in memory. On either
 * limit it stops reading at once (the stream is destroyed, so the writer gets EPIPE, not a
 * blocked pipe).
 */
export function readBounded(
  stream: ByteSource,
  options: BoundedReadOptions = {},
): Promise<BoundedReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytesRead = 0;
    let settled = false;
    const finish = (result: BoundedReadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      if (result.kind !== 'ok') {
        // Swallow the EPIPE/ECONNRESET a destroyed pipe may still raise: the result is already decided.
        stream.on('error', () => {});
        stream.destroy?.();
      }
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytesRead += buffer.length;
      if (bytesRead > maxBytes) return finish({ kind: 'too_large', bytesRead });
      chunks.push(buffer);
    };
    const onEnd = () => finish({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
    const onError = (error: Error) => finish({ kind: 'error', message: error.message });
    const timer = setTimeout(() => finish({ kind: 'timeout', bytesRead }), timeoutMs);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
