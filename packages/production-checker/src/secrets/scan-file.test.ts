import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_SECRETS_CONFIG } from '@tier1/secrets';
import { fakeSecrets as fake } from '@tier1/secrets/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanFile } from './scan-file';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tier1-scan-file-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const scan = (file: string, maxFileBytes = 2 * 1024 * 1024) =>
  scanFile(root, file, maxFileBytes, EMPTY_SECRETS_CONFIG);

describe('scanFile', () => {
  it('reads files of every size through its one buffer, each whole and alone', async () => {
    // Larger, then smaller: a reused buffer must not leak the larger file's tail into the next.
    const sizes = [10, 70_000, 300_000, 5];
    for (const [index, size] of sizes.entries()) {
      const token = fake.githubToken('p', `size${index}`);
      await writeFile(join(root, `f${index}.txt`), `${'x'.repeat(size)} ${token}\n`);
    }
    for (const [index, size] of sizes.entries()) {
      const outcome = scan(`f${index}.txt`);
      expect(outcome).toMatchObject({ kind: 'scanned', bytes: size + 42 });
      expect(outcome.kind === 'scanned' && outcome.findings.map((finding) => finding.rule)).toEqual([
        'github-token',
      ]);
    }
  });

  it('skips a file over the bound, whether or not it fills the buffer', async () => {
    await writeFile(join(root, 'small-over.txt'), 'a'.repeat(101));
    await writeFile(join(root, 'large-over.txt'), 'a'.repeat(200_000));
    await writeFile(join(root, 'at-bound.txt'), 'a'.repeat(100));
    expect(scan('small-over.txt', 100)).toEqual({ kind: 'tooLarge' });
    expect(scan('large-over.txt', 150_000)).toEqual({ kind: 'tooLarge' });
    expect(scan('at-bound.txt', 100)).toMatchObject({ kind: 'scanned', bytes: 100 });
  });

  it('skips binaries, links, folders and missing files by kind', async () => {
    await writeFile(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    await writeFile(join(root, 'real.txt'), 'x');
    await symlink(join(root, 'real.txt'), join(root, 'link.txt'));
    await mkdir(join(root, 'submodule'));
    expect(scan('logo.png')).toEqual({ kind: 'binary' });
    expect(scan('link.txt')).toEqual({ kind: 'notRegular' });
    expect(scan('submodule')).toEqual({ kind: 'notRegular' });
    expect(scan('gone.txt')).toEqual({ kind: 'missing' });
  });
});
