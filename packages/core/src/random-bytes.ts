import { closeSync, openSync, readSync } from 'node:fs';

/*
 * Random bytes from the operating system's CSPRNG. Where /dev/urandom exists (Linux, macOS,
 * the BSDs) it is read through node:fs, which every Node process has loaded already: loading
 * node:crypto for a few bytes costs a fresh process about 3 ms, a tenth of a hook call's whole
 * budget (apps/hook-runner). Where it does not (Windows), node:crypto fills them. The bytes are
 * read ahead into a small pool, as the uuid package does, so a process opens the device once.
 */

const POOL_SIZE = 256;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

function fillFromDevice(target: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync('/dev/urandom', 'r');
  } catch {
    return false;
  }
  try {
    let filled = 0;
    while (filled < target.length) {
      const read = readSync(fd, target, filled, target.length - filled, null);
      if (read === 0) return false;
      filled += read;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

function fill(target: Buffer): void {
  if (!fillFromDevice(target)) process.getBuiltinModule('node:crypto').randomFillSync(target);
}

/** `size` cryptographically strong random bytes, in a new Buffer. */
export function randomBytes(size: number): Buffer {
  if (size > POOL_SIZE) {
    const bytes = Buffer.allocUnsafe(size);
    fill(bytes);
    return bytes;
  }
  if (poolOffset + size > POOL_SIZE) {
    fill(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + size));
  poolOffset += size;
  return bytes;
}
