import { describe, expect, it, vi } from 'vitest';

describe('randomBytes', () => {
  it('gives the size asked for, below, at and above the pool size', async () => {
    const { randomBytes } = await import('./random-bytes');
    for (const size of [0, 1, 16, 255, 256, 257, 4096]) expect(randomBytes(size)).toHaveLength(size);
  });

  it('never hands out the same bytes twice, across pool refills', async () => {
    const { randomBytes } = await import('./random-bytes');
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) seen.add(randomBytes(16).toString('hex'));
    expect(seen.size).toBe(2000);
  });

  it('returns copies: changing one result changes no later result', async () => {
    const { randomBytes } = await import('./random-bytes');
    const first = randomBytes(8);
    first.fill(0);
    expect(randomBytes(8).equals(Buffer.alloc(8))).toBe(false);
  });

  it('covers every byte value (a broken source would repeat or skip)', async () => {
    const { randomBytes } = await import('./random-bytes');
    const counts = new Array<number>(256).fill(0);
    for (const byte of randomBytes(256 * 1024)) counts[byte] = (counts[byte] ?? 0) + 1;
    // Expected 1,024 each; a uniform source stays within ±25 % with overwhelming probability.
    expect(Math.min(...counts)).toBeGreaterThan(768);
    expect(Math.max(...counts)).toBeLessThan(1280);
  });

  it('falls back to node:crypto where /dev/urandom cannot be opened (stand-in for Windows: node:fs is replaced)', async () => {
    vi.resetModules();
    vi.doMock('node:fs', async (importOriginal) => {
      const fs = await importOriginal<typeof import('node:fs')>();
      return {
        ...fs,
        openSync: (path: string, flags: string) => {
          if (path === '/dev/urandom') throw Object.assign(new Error('no such device'), { code: 'ENOENT' });
          return fs.openSync(path, flags);
        },
      };
    });
    const crypto = process.getBuiltinModule('node:crypto');
    const fillSpy = vi.spyOn(crypto, 'randomFillSync');
    try {
      const { randomBytes } = await import('./random-bytes');
      const a = randomBytes(16);
      const b = randomBytes(16);
      expect(fillSpy).toHaveBeenCalled();
      expect(a.equals(b)).toBe(false);
    } finally {
      fillSpy.mockRestore();
      vi.doUnmock('node:fs');
      vi.resetModules();
    }
  });
});
