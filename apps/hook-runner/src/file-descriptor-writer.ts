import { writeSync } from 'node:fs';
import type { TextSink } from '@tier1/hooks';

/** Writes to a file descriptor synchronously, so the answer is out before the hook exits. */
export function writeFileDescriptor(fd: number, onError: (error: Error) => void = () => {}): TextSink {
  return {
    write(text: string) {
      try {
        writeSync(fd, text);
      } catch (error) {
        onError(error as Error);
      }
      return true;
    },
  };
}
