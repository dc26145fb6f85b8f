import { closeSync, constants, openSync, readSync } from 'node:fs';
import { type SecretFinding, type SecretsConfig, scanFileBytes } from '@tier1/secrets';
import type { SkippedFileCounts } from './scan-tally';

export type FileOutcome =
  | { kind: 'scanned'; bytes: number; findings: SecretFinding[]; allowed: number }
  | { kind: keyof SkippedFileCounts };

const BINARY_SNIFF_BYTES = 8000;
// O_NOFOLLOW makes opening a symbolic link fail (ELOOP): a link may point outside the project.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

const SKIP_BY_ERROR_CODE: Record<string, keyof SkippedFileCounts> = {
  ENOENT: 'missing',
  ELOOP: 'notRegular',
  EISDIR: 'notRegular',
  ENXIO: 'notRegular',
};

/** One buffer per thread, grown to the largest file read: a tree of thousands of files allocates once. */
let readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * The file's bytes, up to its end, in the shared buffer (valid until the next read); undefined
 * when it holds more than `maxBytes`. No stat first: git lists only files, symbolic links and
 * submodules (a link fails to open, a submodule's folder to read), and a walk only regular files.
 */
function readAll(fd: number, maxBytes: number): Buffer | undefined {
  let length = 0;
  for (;;) {
    if (length === readBuffer.length) {
      if (length > maxBytes) return undefined;
      const larger = Buffer.allocUnsafe(Math.min(2 * length, maxBytes + 1));
      readBuffer.copy(larger, 0, 0, length);
      readBuffer = larger;
    }
    const count = readSync(fd, readBuffer, length, readBuffer.length - length, null);
    if (count === 0) return length > maxBytes ? undefined : readBuffer.subarray(0, length);
    length += count;
  }
}

/**
 * Reads and scans one file. Synchronous reads: the scan is bound by the CPU, and thread-pool
 * round trips per file (open, read, close) cost more than the reads themselves on a tree of
 * thousands of small files (packages/production-checker/bench/git-secrets.mjs).
 */
export function scanFile(
  root: string,
  file: string,
  maxFileBytes: number,
  config: SecretsConfig,
): FileOutcome {
  let fd: number;
  try {
    // `root` is absolute and git's paths are relative with forward slashes: no join() to normalise.
    fd = openSync(`${root}/${file}`, OPEN_FLAGS);
  } catch (error) {
    return { kind: SKIP_BY_ERROR_CODE[(error as NodeJS.ErrnoException).code ?? ''] ?? 'unreadable' };
  }
  try {
    const bytes = readAll(fd, maxFileBytes);
    if (bytes === undefined) return { kind: 'tooLarge' };
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary' };
    return { kind: 'scanned', bytes: bytes.length, ...scanFileBytes(bytes, file, config) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code in SKIP_BY_ERROR_CODE || code === 'EACCES' || code === 'EIO')
      return { kind: SKIP_BY_ERROR_CODE[code] ?? 'unreadable' };
    throw error;
  } finally {
    closeSync(fd);
  }
}
