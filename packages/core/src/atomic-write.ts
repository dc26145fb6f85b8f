import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces a small file whole: a temporary file beside it, then renamed over it, so a reader in
 * another process sees the old content or the new, never half of it. node:fs only: hook
 * processes call it. `durable` (the default) fsyncs the content before the rename, so that after
 * a power loss the file is the old or the new one too; a file whose reader copes with losing it
 * (it rebuilds or ignores it) may skip that and the millisecond it costs.
 */
export function writeFileAtomicSync(path: string, text: string, options: { durable?: boolean } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    if (options.durable ?? true) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
