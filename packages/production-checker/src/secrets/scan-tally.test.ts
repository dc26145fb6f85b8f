import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_SECRETS_CONFIG } from '@tier1/secrets';
import { fakeSecrets as fake } from '@tier1/secrets/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addTally, emptyTally, tallyFiles } from './scan-tally';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tier1-scan-tally-'));
  await writeFile(join(root, 'a.env'), `NPM_TOKEN=${fake.npmToken()}\n`);
  await writeFile(join(root, 'b.env'), `STRIPE=${fake.stripeLive()} # tier1-allow: revoked\n`);
  await writeFile(join(root, 'big.txt'), 'x'.repeat(5000));
  await writeFile(join(root, 'c.bin'), Buffer.from([1, 0, 2]));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('tallyFiles and addTally', () => {
  it('count what each file held, and two tallies add up to the tally of all the files', () => {
    const files = ['a.env', 'b.env', 'big.txt', 'c.bin', 'gone.txt'];
    const whole = tallyFiles(emptyTally(), root, files, 4096, EMPTY_SECRETS_CONFIG);
    expect(whole).toMatchObject({
      allowed: 1,
      filesScanned: 2,
      skipped: { binary: 1, tooLarge: 1, notRegular: 0, missing: 1, unreadable: 0 },
      tooLargeFiles: ['big.txt'],
    });
    expect(whole.findings.map((finding) => finding.rule)).toEqual(['npm-token']);
    const parts = emptyTally();
    addTally(parts, tallyFiles(emptyTally(), root, files.slice(0, 2), 4096, EMPTY_SECRETS_CONFIG));
    addTally(parts, tallyFiles(emptyTally(), root, files.slice(2), 4096, EMPTY_SECRETS_CONFIG));
    expect(parts).toEqual(whole);
  });
});
